package org.homebound.voicemail.application;

import java.time.Instant;

/**
 * A mailbox as administrators see it, with its PIN's standing: wrong PINs in a row, whether it is
 * locked, and until when it is locked or must wait (null: not, or locked until unlocked); its email
 * settings and how many of its emails are failing (refused, or waiting to be tried again).
 */
public record MailboxView(String extension, String name, boolean enabled, int quota, String homeSite,
                          int newMessages, int oldMessages, Instant createdAt, boolean pinLocked, int wrongPins, Instant pinBlockedUntil,
                          EmailPreferences email, long emailFailures) {
}
