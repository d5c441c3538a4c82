package org.homebound.voicemail.domain.message;

import java.time.Instant;
import java.util.UUID;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One step in a message's history at this site, written in the transaction that made the step. */
@Entity
@Table(name = "message_event", indexes = @Index(name = "message_event_message_idx", columnList = "message_id, id"))
public class MessageEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "message_event_seq")
    @SequenceGenerator(name = "message_event_seq", sequenceName = "message_event_seq", allocationSize = 50)
    private Long id;

    @Column(name = "message_id", nullable = false)
    private UUID messageId;

    @Column(name = "at", nullable = false)
    private Instant at;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    private MessageState state;

    @Column(name = "detail", length = 300)
    private String detail;

    protected MessageEvent() {
    }

    public MessageEvent(UUID messageId, MessageState state, String detail) {
        this.messageId = messageId;
        this.at = Instant.now();
        this.state = state;
        this.detail = detail == null || detail.length() <= 300 ? detail : detail.substring(0, 300);
    }

    public UUID getMessageId() {
        return messageId;
    }

    public Instant getAt() {
        return at;
    }

    public MessageState getState() {
        return state;
    }

    public String getDetail() {
        return detail;
    }
}
