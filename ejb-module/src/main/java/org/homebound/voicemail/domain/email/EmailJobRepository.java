package org.homebound.voicemail.domain.email;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

public interface EmailJobRepository {

    void add(EmailJob job);

    Optional<EmailJob> find(UUID messageId);

    /**
     * PENDING jobs due by now, oldest due first, locked for this transaction; jobs another
     * transaction holds are skipped, not waited for.
     */
    List<EmailJob> lockDue(Instant now, int limit);

    /** Jobs left SENDING: an attempt that a stop or crash interrupted. */
    List<EmailJob> inState(EmailJob.State state, int limit);

    /** Jobs of a mailbox (all mailboxes when extension is null) in the given states, newest first. */
    List<EmailJob> list(String extension, List<EmailJob.State> states, int limit);

    Map<EmailJob.State, Long> countsByState();

    /** Per mailbox, emails refused for good or waiting to be tried again after a failed attempt. */
    Map<String, Long> failingByMailbox();

    /** When the oldest job not yet sent was created, if there is one. */
    Optional<Instant> oldestUnsent();

    /** Removes SENT jobs sent before the cut-off; returns how many. */
    int removeSentBefore(Instant cutOff);
}
