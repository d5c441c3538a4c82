package org.homebound.voicemail.domain.site;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A Homebound site: one server next to one telephone switch. Exactly one row is this site; the
 * others are its peers, reached over the REST API (availability probe) and the messaging
 * address its core bridge connects to.
 */
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

    /** Base URL of the site's REST API, e.g. http://berlin.example.net:8080 . */
    @Column(name = "api_address", length = 200)
    private String apiAddress;

    /** host:port of the site's messaging (HTTP upgrade) acceptor that bridges connect to. */
    @Column(name = "messaging_address", length = 200)
    private String messagingAddress;

    @Version
    private long version;

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

    public void setLocal(boolean local) {
        this.local = local;
    }

    public String getApiAddress() {
        return apiAddress;
    }

    public String getMessagingAddress() {
        return messagingAddress;
    }

    public void setAddresses(String apiAddress, String messagingAddress) {
        this.apiAddress = apiAddress;
        this.messagingAddress = messagingAddress;
    }
}
