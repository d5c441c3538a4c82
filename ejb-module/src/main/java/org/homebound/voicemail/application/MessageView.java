package org.homebound.voicemail.application;

import java.time.Instant;
import java.util.UUID;

/**
 * A voice message as its mailbox owner sees it: from whom (the number, and the name where this
 * site's directory has a mailbox for it), when, how long, recorded where, heard or new, and when
 * it was deleted if it is waiting in the deleted messages for an undo.
 */
public record MessageView(UUID id, String mailbox, String from, String fromName, Instant receivedAt, long durationMillis,
                          boolean heard, String state, String recordingSite, String reason, String audioFormat, Instant deletedAt) {

    /** The same message, heard. */
    public MessageView heardNow() {
        return new MessageView(id, mailbox, from, fromName, receivedAt, durationMillis, true, state, recordingSite, reason, audioFormat, deletedAt);
    }
}
