package org.homebound.voicemail.domain.mailbox;

import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import jakarta.persistence.Version;

/**
 * A subscriber's voicemail box. Identified by its extension (the normalized number callers
 * reach); its owner logs in with the extension and PIN. A disabled mailbox takes no messages
 * but keeps the ones it has.
 */
@Entity
@Table(name = "mailbox", uniqueConstraints = @UniqueConstraint(name = "mailbox_extension_key", columnNames = "extension"))
public class Mailbox {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailbox_seq")
    @SequenceGenerator(name = "mailbox_seq", sequenceName = "mailbox_seq", allocationSize = 20)
    private Long id;

    @Column(name = "extension", nullable = false, length = 32)
    private String extension;

    @Column(name = "display_name", nullable = false, length = 120)
    private String displayName;

    @Column(name = "enabled", nullable = false)
    private boolean enabled = true;

    /** Most messages the mailbox holds before callers are turned away. */
    @Column(name = "quota", nullable = false)
    private int quota;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Embedded
    private EmailSettings email;

    @Version
    private long version;

    protected Mailbox() {
    }

    public Mailbox(String extension, String displayName, int quota) {
        this.extension = extension;
        this.displayName = displayName;
        this.quota = quota;
        this.createdAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public String getExtension() {
        return extension;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void rename(String name) {
        this.displayName = name;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getQuota() {
        return quota;
    }

    public void setQuota(int quota) {
        this.quota = quota;
    }

    /** Where new messages are emailed; {@link EmailSettings#none()} when they are not. */
    public EmailSettings getEmail() {
        return email == null ? EmailSettings.none() : email;
    }

    public void setEmail(EmailSettings email) {
        this.email = email;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
