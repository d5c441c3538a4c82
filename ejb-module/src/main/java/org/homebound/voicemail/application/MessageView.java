package org.homebound.voicemail.application;

import java.time.Instant;
import java.util.UUID;

/** A voice message as its mailbox owner sees it. */
public record MessageView(UUID id, String mailbox, String from, Instant receivedAt, long durationMillis,
                          boolean heard, String state, String recordingSite, String reason, String audioFormat) {
}
