package org.homebound.voicemail.domain.site;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A Homebound site: one server next to one telephone switch. Exactly one row is this site. */
@Entity
@Table(name = "site")
public class Site {

    @Id
    @Column(name = "id", nullable = false, length = 32)
    private String id;

    @Column(name = "name", nullable = false, length = 120)
    private String name;

    @Column(name = "local_site", nullable = false)
    private boolean local;

    protected Site() {
    }

    public Site(String id, String name, boolean local) {
        this.id = id;
        this.name = name;
        this.local = local;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void rename(String name) {
        this.name = name;
    }

    public boolean isLocal() {
        return local;
    }
}
