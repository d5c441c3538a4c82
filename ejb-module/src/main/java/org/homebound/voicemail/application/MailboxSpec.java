package org.homebound.voicemail.application;

/**
 * What an administrator asks for when creating or changing a mailbox; null fields are left as
 * they are on update.
 */
public record MailboxSpec(String extension, String name, String pin, Integer quota, Boolean enabled, EmailPreferences email) {
}
