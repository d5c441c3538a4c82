package org.homebound.voicemail.domain.message;

/**
 * Where a voice message stands at the site that holds it (see DESIGN: a message's life).
 * RECORDED → STORED when home is here; RECORDED → HELD → SENT → DELIVERED, or RECORDED → SENT →
 * DELIVERED, when home is another site.
 */
public enum MessageState {
    RECORDED,
    STORED,
    HELD,
    SENT,
    DELIVERED
}
