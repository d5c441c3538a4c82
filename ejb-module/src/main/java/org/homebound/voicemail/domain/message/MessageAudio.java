package org.homebound.voicemail.domain.message;

import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The audio of one voice message, in the message's {@link AudioFormat}. */
@Entity
@Table(name = "message_audio")
public class MessageAudio {

    /** Largest audio kept for one message: 30 minutes of G.711. */
    public static final int MAX_BYTES = 30 * 60 * 8000;

    @Id
    @Column(name = "message_id", nullable = false)
    private UUID messageId;

    @Column(name = "data", nullable = false, length = MAX_BYTES)
    private byte[] data;

    protected MessageAudio() {
    }

    public MessageAudio(UUID messageId, byte[] data) {
        this.messageId = messageId;
        this.data = data;
    }

    public UUID getMessageId() {
        return messageId;
    }

    public byte[] getData() {
        return data;
    }
}
