package org.homebound.voicemail.migration;

import java.time.Instant;
import java.util.List;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.infinispan.Cache;

/**
 * The availability of peer sites as the monitor last found it, kept in an Infinispan cache so
 * that every part of the site (and every node of a clustered site) routes by the same view.
 */
@ApplicationScoped
public class PeerAvailability {

    public static final String CACHE = "java:jboss/infinispan/cache/homebound/availability";

    @Resource(lookup = CACHE)
    Cache<String, PeerStatus> cache;

    @Inject
    SiteDirectory directory;

    /** A peer not probed yet has been UNKNOWN since this site started, not since whenever someone asks. */
    private final Instant started = Instant.now();

    public PeerStatus status(String siteId) {
        PeerStatus s = cache.get(siteId);
        return s != null ? s : PeerStatus.unknown(siteId, started);
    }

    public boolean isUp(String siteId) {
        return status(siteId).state() == PeerStatus.State.UP;
    }

    public List<PeerStatus> all() {
        return directory.snapshot().peers().stream().map(p -> status(p.id())).toList();
    }

    void put(PeerStatus status) {
        cache.put(status.siteId(), status);
    }
}
