package org.homebound.voicemail.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.homebound.voicemail.domain.email.EmailJob;

/** An email job as the console and the admin API show it. */
public record EmailJobView(UUID messageId, String mailbox, List<String> recipients, String attachment, String afterEmail, String state,
                           int attempts, Instant createdAt, Instant nextAttemptAt, Instant lastAttemptAt, Instant sentAt, String lastResult) {

    static EmailJobView of(EmailJob j) {
        return new EmailJobView(j.getMessageId(), j.getExtension(), j.getRecipients(), j.getAttachment().name(), j.getAfterEmail().name(),
                j.getState().name(), j.getAttempts(), j.getCreatedAt(), j.getState() == EmailJob.State.PENDING ? j.getNextAttemptAt() : null,
                j.getLastAttemptAt(), j.getSentAt(), j.getLastResult());
    }
}
