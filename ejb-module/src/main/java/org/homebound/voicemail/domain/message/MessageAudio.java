package org.homebound.voicemail.domain.message;

import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The audio of one voice message with the format it is in. The format lives with the bytes, not
 * only on the message, because the compressor replaces G.711 with Opus while the message row is
 * in use elsewhere: whoever reads the bytes reads their format in the same row.
 */
@Entity
@Table(name = "message_audio")
public class MessageAudio {

    /** Largest audio kept for one message: 30 minutes of G.711. */
    public static final int MAX_BYTES = 30 * 60 * 8000;

    @Id
    @Column(name = "message_id", nullable = false)
    private UUID messageId;

    /** Null only in rows written before formats were kept here: those are the message's recorded G.711. */
    @Enumerated(EnumType.STRING)
    @Column(name = "format", length = 16)
    private AudioFormat format;

    @Column(name = "data", nullable = false, length = MAX_BYTES)
    private byte[] data;

    protected MessageAudio() {
    }

    public MessageAudio(UUID messageId, AudioFormat format, byte[] data) {
        this.messageId = messageId;
        this.format = format;
        this.data = data;
    }

    public UUID getMessageId() {
        return messageId;
    }

    /** The format of {@link #getData()}; for a row from before formats were kept here, the message's. */
    public AudioFormat formatOr(AudioFormat messageFormat) {
        return format == null ? messageFormat : format;
    }

    public byte[] getData() {
        return data;
    }
}
