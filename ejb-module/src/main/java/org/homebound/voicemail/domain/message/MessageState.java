package org.homebound.voicemail.domain.message;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a voice message stands at the site that holds it (see DESIGN: a message's life).
 * RECORDED → STORED when home is here (or when it arrived from the recording site);
 * RECORDED → HELD → SENT → DELIVERED, or RECORDED → SENT → DELIVERED, when home is another site.
 * SENT → UNDELIVERABLE when the home site has no such mailbox.
 */
public enum MessageState {
    RECORDED,
    STORED,
    HELD,
    SENT,
    DELIVERED,
    UNDELIVERABLE;

    public Set<MessageState> next() {
        return switch (this) {
            case RECORDED -> EnumSet.of(STORED, HELD, SENT);
            case HELD -> EnumSet.of(SENT);
            case SENT -> EnumSet.of(DELIVERED, UNDELIVERABLE);
            case STORED, DELIVERED, UNDELIVERABLE -> EnumSet.noneOf(MessageState.class);
        };
    }

    public boolean canBecome(MessageState state) {
        return next().contains(state);
    }
}
