package org.homebound.voicemail.application;

import java.time.Instant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.homebound.voicemail.domain.email.EmailJob;
import org.homebound.voicemail.domain.email.EmailJobRepository;
import org.homebound.voicemail.domain.mailbox.EmailSettings;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;

/**
 * What follows when a message is stored in its mailbox at its home site — recorded here, arrived
 * from a recording site, or forwarded after being held: the lamp and open inboxes are told, and
 * the email job is inserted, all in the transaction that stores the message, so a crash leaves
 * either the message with its email to come, or neither.
 */
@ApplicationScoped
public class NewMessages {

    @Inject
    MailboxChanges changes;
    @Inject
    EmailJobRepository emails;
    @Inject
    VoiceMessageRepository messages;

    public void stored(VoiceMessage message) {
        EmailSettings email = message.getMailbox().getEmail();
        if (email.enabled()) {
            emails.add(new EmailJob(message.getId(), message.getExtension(), email, Instant.now()));
            messages.recordEvent(message, "email to " + String.join(", ", email.addresses()) + " queued ("
                    + email.attachment() + " attachment, then " + email.afterEmail() + ")");
        }
        changes.changed(message.getExtension());
    }
}
