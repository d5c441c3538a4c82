package org.homebound.voicemail.migration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import org.homebound.voicemail.application.SiteRole;
import org.homebound.voicemail.configuration.DirectorySnapshot;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.jboss.logging.Logger;

/**
 * Runs the forwarder: when a peer comes UP, on a periodic sweep (held messages whose peer is UP,
 * SENT messages without a receipt, delivered audio past retention), and when an administrator
 * says "forward now". At most one forwarding run per peer at a time.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ForwardingCoordinator {

    private static final Logger LOG = Logger.getLogger(ForwardingCoordinator.class);

    @Inject
    HeldMessageForwarder forwarder;
    @Inject
    PeerAvailability availability;
    @Inject
    SiteDirectory directory;
    @Inject
    HomeboundSettings settings;

    @Resource
    ManagedExecutorService executor;

    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /**
     * Starts forwarding the site's held messages unless a run is already going.
     *
     * @param evenIfDown an administrator's "forward now": send into the store-and-forward queue
     *                   even if the monitor has not seen the site, and let the bridge deliver later
     * @return whether a run was started
     */
    public boolean forward(String siteId, boolean evenIfDown) {
        if (!running.add(siteId)) {
            return false;
        }
        try {
            executor.submit(() -> run(siteId, evenIfDown));
            return true;
        } catch (RuntimeException e) {
            running.remove(siteId);
            throw e;
        }
    }

    private void run(String siteId, boolean evenIfDown) {
        long started = System.nanoTime();
        int total = 0;
        try {
            while (evenIfDown || availability.isUp(siteId)) {
                int n = forwarder.forwardBatch(siteId, settings.forwardBatchSize(), settings.forwardBatchBytes());
                if (n == 0) {
                    break;
                }
                total += n;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "forwarding held messages to site %s stopped after %d messages; the next sweep retries", siteId, total);
        } finally {
            running.remove(siteId);
        }
        if (total > 0) {
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.infof("forwarded %d held messages to site %s in %.1f s (%.0f messages/s)", total, siteId, seconds, total / Math.max(seconds, 1e-3));
        }
    }

    @Schedule(hour = "*", minute = "*", second = "*/10", persistent = false)
    void sweep() {
        if (!SiteRole.held()) {
            return; // another node of the site forwards
        }
        List<String> up = directory.snapshot().peers().stream().map(DirectorySnapshot.SiteEntry::id).filter(availability::isUp).toList();
        up.forEach(site -> forward(site, false));
        Duration resendAfter = settings.resendAfter();
        try {
            // Each batch re-sends at least one message (or stops: what is left has no audio to send).
            while (forwarder.resendBatch(Instant.now().minus(resendAfter), up, settings.forwardBatchSize(), settings.forwardBatchBytes()) > 0) {
                LOG.debug("more unconfirmed messages to send again");
            }
            forwarder.freeDelivered(Instant.now().minus(settings.deliveredRetention()), 500);
        } catch (RuntimeException e) {
            LOG.warnf(e, "sweep of unconfirmed and delivered messages failed; retried at the next sweep");
        }
    }
}
