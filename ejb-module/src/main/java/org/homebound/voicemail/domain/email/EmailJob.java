package org.homebound.voicemail.domain.email;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.homebound.voicemail.domain.mailbox.AfterEmail;
import org.homebound.voicemail.domain.mailbox.EmailAttachment;
import org.homebound.voicemail.domain.mailbox.EmailSettings;

/**
 * The email announcing one voice message: a job in the outbox, inserted in the transaction that
 * stores the message at its home site, so neither exists without the other. Identified by the
 * message's id (one email per message; a resend is the same job again). The settings it was made
 * with are copied in, so a later change of the mailbox's settings does not change what this
 * message's owner was promised.
 * <p>
 * PENDING → SENDING (an attempt is under way; committed before the mail server is contacted) →
 * SENT, or back to PENDING with the next attempt later, or FAILED when the mail server refused it
 * for good (a 5xx reply). A job found SENDING after a crash may or may not have been accepted: it
 * is sent again, with the same Message-ID — the one window in which a mail can arrive twice.
 */
@Entity
@Table(name = "email_job", indexes = @Index(name = "email_job_due_idx", columnList = "state, next_attempt_at"))
public class EmailJob {

    public enum State {
        PENDING, SENDING, SENT, FAILED
    }

    @Id
    @Column(name = "message_id", nullable = false)
    private UUID messageId;

    @Column(name = "extension", nullable = false, length = 32)
    private String extension;

    @Column(name = "recipients", nullable = false, length = 600)
    private String recipients;

    @Enumerated(EnumType.STRING)
    @Column(name = "attachment", nullable = false, length = 8)
    private EmailAttachment attachment;

    @Enumerated(EnumType.STRING)
    @Column(name = "after_email", nullable = false, length = 16)
    private AfterEmail afterEmail;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    private State state;

    /**
     * While true the message does not light the lamp: it is to leave the mailbox (or be marked
     * heard) as soon as its email is accepted. Cleared by the first failed attempt, so a subscriber
     * whose email does not work learns of the message the usual way.
     */
    @Column(name = "withholds_lamp", nullable = false)
    private boolean withholdsLamp;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    /** The mail server's last refusal or the reason it could not be reached; the accepting reply once SENT. */
    @Column(name = "last_result", length = 500)
    private String lastResult;

    @Version
    private long version;

    protected EmailJob() {
    }

    public EmailJob(UUID messageId, String extension, EmailSettings settings, Instant now) {
        this.messageId = messageId;
        this.extension = extension;
        this.recipients = String.join(",", settings.addresses());
        this.attachment = settings.attachment();
        this.afterEmail = settings.afterEmail();
        this.state = State.PENDING;
        this.withholdsLamp = settings.afterEmail() != AfterEmail.KEEP;
        this.createdAt = now;
        this.nextAttemptAt = now;
    }

    /** An attempt starts: committed before the mail server is contacted. */
    public void attempting(Instant now) {
        state = State.SENDING;
        attempts++;
        lastAttemptAt = now;
    }

    public void sent(Instant now, String reply) {
        state = State.SENT;
        sentAt = now;
        withholdsLamp = false;
        lastResult = clip(reply);
    }

    /** The attempt failed and may succeed later (mail server down, busy, 4xx, TLS or login trouble). */
    public void retryAfter(Duration wait, Instant now, String why) {
        state = State.PENDING;
        nextAttemptAt = now.plus(wait);
        withholdsLamp = false;
        lastResult = clip(why);
    }

    /** The mail server refused this mail for good (5xx): kept as FAILED until someone resends it. */
    public void failed(String why) {
        state = State.FAILED;
        withholdsLamp = false;
        lastResult = clip(why);
    }

    /**
     * Sent again at once, whatever became of it before (same Message-ID), to the mailbox's addresses
     * and attachment as they are now: a resend is how a corrected address gets the mail.
     */
    public void resend(Instant now, EmailSettings current) {
        state = State.PENDING;
        nextAttemptAt = now;
        recipients = String.join(",", current.addresses());
        attachment = current.attachment();
    }

    /** An attempt a crash interrupted: it may have reached the mail server; it is made again. */
    public void interrupted(Instant now) {
        state = State.PENDING;
        nextAttemptAt = now;
        lastResult = clip("an attempt was interrupted by a server stop; sent again (the mail may arrive twice, same Message-ID)");
    }

    private static String clip(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 497) + "...";
    }

    public UUID getMessageId() {
        return messageId;
    }

    public String getExtension() {
        return extension;
    }

    public List<String> getRecipients() {
        return List.of(recipients.split(","));
    }

    public EmailAttachment getAttachment() {
        return attachment;
    }

    public AfterEmail getAfterEmail() {
        return afterEmail;
    }

    public State getState() {
        return state;
    }

    public boolean isWithholdingLamp() {
        return withholdsLamp;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant getLastAttemptAt() {
        return lastAttemptAt;
    }

    public Instant getSentAt() {
        return sentAt;
    }

    public String getLastResult() {
        return lastResult;
    }
}
