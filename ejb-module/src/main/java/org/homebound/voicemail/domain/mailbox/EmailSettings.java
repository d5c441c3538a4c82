package org.homebound.voicemail.domain.mailbox;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/**
 * Where a mailbox's new messages are emailed, with or without their audio, and what becomes of a
 * message once the mail server has taken it. No addresses: no email. The columns are nullable so
 * that mailboxes of an older schema read as "no email".
 */
@Embeddable
public class EmailSettings {

    public static final int MAX_ADDRESSES = 5;

    /** Addresses separated by commas, as entered (checked by the application before they get here). */
    @Column(name = "email_to", length = 600)
    private String addresses;

    @Enumerated(EnumType.STRING)
    @Column(name = "email_attachment", length = 8)
    private EmailAttachment attachment;

    @Enumerated(EnumType.STRING)
    @Column(name = "email_then", length = 16)
    private AfterEmail afterEmail;

    protected EmailSettings() {
    }

    public EmailSettings(List<String> addresses, EmailAttachment attachment, AfterEmail afterEmail) {
        this.addresses = addresses.isEmpty() ? null : String.join(",", addresses);
        this.attachment = Objects.requireNonNull(attachment);
        this.afterEmail = Objects.requireNonNull(afterEmail);
    }

    public static EmailSettings none() {
        return new EmailSettings(List.of(), EmailAttachment.MP3, AfterEmail.KEEP);
    }

    public List<String> addresses() {
        return addresses == null || addresses.isBlank() ? List.of() : Arrays.stream(addresses.split(",")).map(String::trim).toList();
    }

    public boolean enabled() {
        return !addresses().isEmpty();
    }

    public EmailAttachment attachment() {
        return attachment == null ? EmailAttachment.MP3 : attachment;
    }

    public AfterEmail afterEmail() {
        return afterEmail == null ? AfterEmail.KEEP : afterEmail;
    }
}
