package org.homebound.telephony.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Message-waiting state of one extension: drives its lamp.
 *
 * @param asOf when the counts were read from committed state: of two states of one extension the
 *             later one wins, whatever order they reach the switch in
 */
public record MessageWaiting(String extension, int newMessages, int oldMessages, Instant asOf) {

    public MessageWaiting {
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(asOf, "asOf");
        if (newMessages < 0 || oldMessages < 0) {
            throw new IllegalArgumentException("message counts cannot be negative");
        }
    }

    /** Counts read just now. */
    public MessageWaiting(String extension, int newMessages, int oldMessages) {
        this(extension, newMessages, oldMessages, Instant.now());
    }

    public boolean lampOn() {
        return newMessages > 0;
    }

    /** Whether this state was read before the other (of the same extension). */
    public boolean olderThan(MessageWaiting other) {
        return asOf.isBefore(other.asOf);
    }
}
