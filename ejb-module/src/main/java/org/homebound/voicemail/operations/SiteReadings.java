package org.homebound.voicemail.operations;

import java.time.Instant;
import java.util.Map;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.homebound.voicemail.application.Logins;
import org.homebound.voicemail.domain.email.EmailJob;
import org.homebound.voicemail.domain.email.EmailJobRepository;
import org.homebound.voicemail.domain.message.MessageState;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;

/** The numbers the metrics take from the database, read together in one short transaction. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class SiteReadings {

    @Inject
    VoiceMessageRepository messages;
    @Inject
    EmailJobRepository emails;
    @Inject
    Logins logins;

    /** What was read, and when. */
    public record Reading(Instant at, Map<String, Map<MessageState, Long>> byHomeSite, Map<String, Instant> oldestHeld,
                          long compressionBacklog, Map<EmailJob.State, Long> emails, long emailsFailing, long lockedMailboxes) {
    }

    public Reading read() {
        long failing = emails.failingByMailbox().values().stream().mapToLong(Long::longValue).sum();
        long locked = logins.lockouts().accounts().stream().filter(a -> a.locked()).count();
        return new Reading(Instant.now(), messages.countsByHomeSite(), messages.oldestInState(MessageState.HELD), messages.uncompressedCount(),
                emails.countsByState(), failing, locked);
    }
}
