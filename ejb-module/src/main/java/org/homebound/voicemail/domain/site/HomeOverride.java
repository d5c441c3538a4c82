package org.homebound.voicemail.domain.site;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One mailbox homed somewhere else than its extension range says (someone who moved to another site). */
@Entity
@Table(name = "home_override")
public class HomeOverride {

    @Id
    @Column(name = "extension", nullable = false, length = 32)
    private String extension;

    @Column(name = "site_id", nullable = false, length = 32)
    private String siteId;

    protected HomeOverride() {
    }

    public HomeOverride(String extension, String siteId) {
        this.extension = extension;
        this.siteId = siteId;
    }

    public String getExtension() {
        return extension;
    }

    public String getSiteId() {
        return siteId;
    }

    public void moveTo(String siteId) {
        this.siteId = siteId;
    }
}
