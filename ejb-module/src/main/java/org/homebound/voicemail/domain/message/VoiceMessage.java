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
import org.homebound.voicemail.domain.mailbox.Mailbox;

/**
 * A voice message left for a mailbox. Its id is a UUID chosen when recording started, so the
 * same message keeps the same identity at every site and every retry; the audio lives apart
 * ({@link MessageAudio}) so listing a mailbox never loads it.
 */
@Entity
@Table(name = "voice_message", indexes = @Index(name = "voice_message_mailbox_idx", columnList = "mailbox_id, received_at"))
public class VoiceMessage {

    @Id
    @Column(name = "id", nullable = false)
    private UUID id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "mailbox_id", nullable = false)
    private Mailbox mailbox;

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

    @Version
    private long version;

    protected VoiceMessage() {
    }

    public VoiceMessage(UUID id, Mailbox mailbox, String callerNumber, Instant receivedAt, long durationMillis,
                        AudioFormat audioFormat, long audioBytes, MessageState state, String recordingSite, String reason) {
        this.id = id;
        this.mailbox = mailbox;
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

    public String getRecordingSite() {
        return recordingSite;
    }

    public String getReason() {
        return reason;
    }
}
