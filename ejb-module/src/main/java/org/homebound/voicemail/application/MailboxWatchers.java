package org.homebound.voicemail.application;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Who wants to know at once when a mailbox changes on this server: open web inboxes (their event
 * streams). Told after the change is committed (by the mailbox-events consumer that also sets the
 * lamp), with the mailbox's extension; a watcher that throws is dropped. A change made on another
 * server of a cluster is not seen here; the page also looks again now and then.
 */
@ApplicationScoped
public class MailboxWatchers {

    private static final Logger LOG = Logger.getLogger(MailboxWatchers.class);

    private final Map<String, Set<Consumer<String>>> watchers = new ConcurrentHashMap<>();

    public void watch(String extension, Consumer<String> watcher) {
        watchers.computeIfAbsent(extension, k -> ConcurrentHashMap.newKeySet()).add(watcher);
    }

    public void unwatch(String extension, Consumer<String> watcher) {
        watchers.computeIfPresent(extension, (k, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    void changed(String extension) {
        Set<Consumer<String>> set = watchers.get(extension);
        if (set == null) {
            return;
        }
        for (Consumer<String> w : set) {
            try {
                w.accept(extension);
            } catch (RuntimeException gone) {
                LOG.debugf("watcher of %s dropped: %s", extension, gone.getMessage());
                unwatch(extension, w);
            }
        }
    }
}
