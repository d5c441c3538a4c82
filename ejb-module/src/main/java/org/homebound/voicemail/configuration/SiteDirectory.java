package org.homebound.voicemail.configuration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.homebound.voicemail.domain.site.ExtensionRange;
import org.homebound.voicemail.domain.site.HomeOverride;
import org.homebound.voicemail.domain.site.Site;
import org.homebound.voicemail.domain.site.SiteRepository;
import org.infinispan.Cache;

/**
 * Where a mailbox lives and where the other sites are (claim 6: "querying a configuration module
 * for a location"). The directory is kept in the database and served from an Infinispan cache;
 * every change invalidates the cached copy, again once its transaction has ended.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class SiteDirectory {

    public static final String CACHE = "java:jboss/infinispan/cache/homebound/directory";
    private static final String KEY = "directory";

    @Inject
    HomeboundSettings settings;
    @Inject
    SiteRepository sites;

    @Resource(lookup = CACHE)
    Cache<String, DirectorySnapshot> cache;

    @Resource
    TransactionSynchronizationRegistry transactions;

    public String localSiteId() {
        return settings.siteId();
    }

    public boolean isLocal(String siteId) {
        return settings.siteId().equals(siteId);
    }

    public String homeSiteOf(String extension) {
        return snapshot().homeOf(extension);
    }

    public DirectorySnapshot snapshot() {
        return CacheEviction.loadThrough(cache, KEY, this::load);
    }

    private DirectorySnapshot load() {
        Map<String, DirectorySnapshot.SiteEntry> entries = new HashMap<>();
        for (Site s : sites.findAll()) {
            entries.put(s.getId(), new DirectorySnapshot.SiteEntry(s.getId(), s.getName(), s.getApiAddress(), s.getMessagingAddress()));
        }
        List<DirectorySnapshot.Range> ranges = sites.ranges().stream()
                .map(r -> new DirectorySnapshot.Range(r.getFirst(), r.getLast(), r.getSiteId())).toList();
        Map<String, String> overrides = new HashMap<>();
        for (HomeOverride o : sites.overrides()) {
            overrides.put(o.getExtension(), o.getSiteId());
        }
        return new DirectorySnapshot(settings.siteId(), entries, ranges, overrides);
    }

    /** Replaces sites' addresses, all ranges and all overrides with those of a network description. */
    public void apply(NetworkDescription network) {
        if (network.sites().stream().noneMatch(s -> isLocal(s.id()))) {
            throw new IllegalArgumentException("the network description does not list this site (" + settings.siteId() + ")");
        }
        network.sites().forEach(this::storeSite);
        storeRanges(network.ranges());
        for (HomeOverride o : sites.overrides()) {
            if (!network.overrides().containsKey(o.getExtension())) {
                sites.remove(o);
            }
        }
        network.overrides().forEach(this::storeOverride);
        changed();
    }

    /** Adds a site or changes its name and addresses. */
    public Site putSite(DirectorySnapshot.SiteEntry entry) {
        Site site = storeSite(entry);
        changed();
        return site;
    }

    public void putOverride(String extension, String siteId) {
        storeOverride(extension, siteId);
        changed();
    }

    public boolean removeOverride(String extension) {
        return sites.override(extension).map(o -> {
            sites.remove(o);
            changed();
            return true;
        }).orElse(false);
    }

    public void replaceRanges(List<DirectorySnapshot.Range> ranges) {
        storeRanges(ranges);
        changed();
    }

    private Site storeSite(DirectorySnapshot.SiteEntry entry) {
        Site site = sites.find(entry.id()).orElseGet(() -> {
            Site created = new Site(entry.id(), entry.name(), isLocal(entry.id()));
            sites.add(created);
            return created;
        });
        site.rename(entry.name());
        site.setLocal(isLocal(entry.id()));
        site.setAddresses(entry.apiAddress(), entry.messagingAddress());
        return site;
    }

    private void storeOverride(String extension, String siteId) {
        sites.override(extension).ifPresentOrElse(o -> o.moveTo(siteId), () -> sites.add(new HomeOverride(extension, siteId)));
    }

    private void storeRanges(List<DirectorySnapshot.Range> ranges) {
        sites.replaceRanges(ranges.stream().map(r -> new ExtensionRange(r.first(), r.last(), r.siteId())).toList());
    }

    /** Drops the cached directory now and after this transaction ends, so no reader caches what is about to change. */
    private void changed() {
        CacheEviction.nowAndAfter(transactions, cache, KEY);
    }
}
