package org.homebound.voicemail.domain.site;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A block of extensions homed at one site, e.g. 2000–2999 at Berlin. Bounds are inclusive and of equal length. */
@Entity
@Table(name = "extension_range")
public class ExtensionRange {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "extension_range_seq")
    @SequenceGenerator(name = "extension_range_seq", sequenceName = "extension_range_seq", allocationSize = 10)
    private Long id;

    @Column(name = "first_extension", nullable = false, length = 32)
    private String first;

    @Column(name = "last_extension", nullable = false, length = 32)
    private String last;

    @Column(name = "site_id", nullable = false, length = 32)
    private String siteId;

    protected ExtensionRange() {
    }

    public ExtensionRange(String first, String last, String siteId) {
        this.first = first;
        this.last = last;
        this.siteId = siteId;
    }

    public String getFirst() {
        return first;
    }

    public String getLast() {
        return last;
    }

    public String getSiteId() {
        return siteId;
    }
}
