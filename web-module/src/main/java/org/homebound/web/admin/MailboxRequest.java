package org.homebound.web.admin;

import org.homebound.voicemail.application.EmailPreferences;
import org.homebound.voicemail.application.MailboxSpec;

/** JSON body for creating or changing a mailbox. */
public record MailboxRequest(String extension, String name, String pin, Integer quota, Boolean enabled, EmailPreferences email) {

    MailboxSpec toSpec() {
        return new MailboxSpec(extension, name, pin, quota, enabled, email);
    }
}
