package org.homebound.voicemail.application;

import java.time.Instant;

/** A mailbox as administrators see it. */
public record MailboxView(String extension, String name, boolean enabled, int quota, String homeSite,
                          int newMessages, int oldMessages, Instant createdAt) {
}
