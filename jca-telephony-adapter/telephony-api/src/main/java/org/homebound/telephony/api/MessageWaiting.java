package org.homebound.telephony.api;

import java.util.Objects;

/** Message-waiting state of one extension: drives its lamp. */
public record MessageWaiting(String extension, int newMessages, int oldMessages) {

    public MessageWaiting {
        Objects.requireNonNull(extension, "extension");
        if (newMessages < 0 || oldMessages < 0) {
            throw new IllegalArgumentException("message counts cannot be negative");
        }
    }

    public boolean lampOn() {
        return newMessages > 0;
    }
}
