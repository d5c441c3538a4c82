package org.homebound.voicemail.application;

import java.time.Instant;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import org.homebound.voicemail.configuration.HomeboundSettings;

/**
 * Messages their owners deleted stay recoverable (undo in the web inbox) for
 * {@code homebound.deleted.retention-minutes}; after that this removes them and their audio for
 * good, a bounded batch a minute.
 */
@Singleton
public class DeletedMessagePurge {

    private static final int BATCH = 500;

    @Inject
    SubscriberMessages messages;
    @Inject
    HomeboundSettings settings;

    @Schedule(hour = "*", minute = "*", second = "17", persistent = false)
    void purge() {
        if (!SiteRole.held()) {
            return;
        }
        messages.purgeDeleted(Instant.now().minus(settings.deletedRetention()), BATCH);
    }
}
