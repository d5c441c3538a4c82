package org.homebound.voicemail.domain.message;

import java.time.Instant;
import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.DynamicUpdate;
import org.homebound.voicemail.domain.mailbox.Mailbox;

/**
 * A voice message left for a mailbox. Its id is a UUID chosen when recording started, so the
 * same message keeps the same identity at every site and every retry; the audio lives apart
 * ({@link MessageAudio}) so listing a mailbox never loads it. A message recorded here for a
 * mailbox homed at another site has no local mailbox: only its extension and home site.
 * Updates write only the columns that changed, because the compressor changes the audio columns
 * beside whoever changes the message's state (JpaVoiceMessageRepository.replaceUncompressed).
 */
@Entity
@DynamicUpdate
@Table(name = "voice_message", indexes = {
        @Index(name = "voice_message_mailbox_idx", columnList = "mailbox_id, received_at"),
        @Index(name = "voice_message_outbound_idx", columnList = "state, home_site, received_at")})
public class VoiceMessage {

    @Id
    @Column(name = "id", nullable = false)
    private UUID id;

    /** The local mailbox; null while the message is at a recording site that is not its home. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "mailbox_id")
    private Mailbox mailbox;

    @Column(name = "extension", nullable = false, length = 32)
    private String extension;

    @Column(name = "home_site", nullable = false, length = 32)
    private String homeSite;

    @Column(name = "caller_number", nullable = false, length = 64)
    private String callerNumber;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    @Column(name = "duration_millis", nullable = false)
    private long durationMillis;

    @Enumerated(EnumType.STRING)
    @Column(name = "audio_format", nullable = false, length = 16)
    private AudioFormat audioFormat;

    @Column(name = "audio_bytes", nullable = false)
    private long audioBytes;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    private MessageState state;

    @Column(name = "heard", nullable = false)
    private boolean heard;

    @Column(name = "recording_site", nullable = false, length = 32)
    private String recordingSite;

    @Column(name = "reason", length = 32)
    private String reason;

    @Column(name = "state_changed_at", nullable = false)
    private Instant stateChangedAt;

    /** Why the message is in its state, where that needs saying (e.g. the home site's reason for refusing it). */
    @Column(name = "state_detail", length = 300)
    private String stateDetail;

    /** When its owner deleted it; until it is purged (see homebound.deleted.retention-minutes) it can be brought back. */
    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Version
    private long version;

    protected VoiceMessage() {
    }

    public VoiceMessage(UUID id, Mailbox mailbox, String extension, String homeSite, String callerNumber, Instant receivedAt,
                        long durationMillis, AudioFormat audioFormat, long audioBytes, MessageState state, String recordingSite, String reason) {
        this.id = id;
        this.mailbox = mailbox;
        this.extension = extension;
        this.homeSite = homeSite;
        this.stateChangedAt = Instant.now();
        this.callerNumber = callerNumber;
        this.receivedAt = receivedAt;
        this.durationMillis = durationMillis;
        this.audioFormat = audioFormat;
        this.audioBytes = audioBytes;
        this.state = state;
        this.recordingSite = recordingSite;
        this.reason = reason;
    }

    public UUID getId() {
        return id;
    }

    public Mailbox getMailbox() {
        return mailbox;
    }

    public String getExtension() {
        return extension;
    }

    public String getHomeSite() {
        return homeSite;
    }

    public Instant getStateChangedAt() {
        return stateChangedAt;
    }

    public String getStateDetail() {
        return stateDetail;
    }

    /** Moves the message on in its life; a move the life does not allow is a bug or a lying peer, never silently done. */
    public void moveTo(MessageState next, String detail) {
        if (!state.canBecome(next)) {
            throw new IllegalStateException("message " + id + " cannot go from " + state + " to " + next);
        }
        this.state = next;
        this.stateDetail = detail == null || detail.length() <= 300 ? detail : detail.substring(0, 300);
        this.stateChangedAt = Instant.now();
    }

    /** A SENT message sent again because no receipt came: the state stays, the clock restarts. */
    public void resent() {
        this.stateChangedAt = Instant.now();
    }

    public String getCallerNumber() {
        return callerNumber;
    }

    public Instant getReceivedAt() {
        return receivedAt;
    }

    public long getDurationMillis() {
        return durationMillis;
    }

    public AudioFormat getAudioFormat() {
        return audioFormat;
    }

    public long getAudioBytes() {
        return audioBytes;
    }

    public MessageState getState() {
        return state;
    }

    public boolean isHeard() {
        return heard;
    }

    public void markHeard() {
        this.heard = true;
    }

    /** Its owner wants to be reminded of it: new again, and the lamp with it. */
    public void markNew() {
        this.heard = false;
    }

    public Instant getDeletedAt() {
        return deletedAt;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    /** Deleted by its owner: out of the mailbox's list and counts, but kept for undo until purged. */
    public void delete(Instant at) {
        this.deletedAt = at;
    }

    /** Undo of a delete: back in the mailbox as it was (new or heard). */
    public void restore() {
        this.deletedAt = null;
    }

    public String getRecordingSite() {
        return recordingSite;
    }

    public String getReason() {
        return reason;
    }
}
