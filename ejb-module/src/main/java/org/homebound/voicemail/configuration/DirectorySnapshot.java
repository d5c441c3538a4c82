package org.homebound.voicemail.configuration;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole site directory at one moment, immutable, as it is cached in Infinispan: sites,
 * extension ranges and per-mailbox overrides. Answers claim 6's question "where is this
 * extension's home?" without touching the database.
 */
public record DirectorySnapshot(String localSiteId, Map<String, SiteEntry> sites, List<Range> ranges, Map<String, String> overrides) {

    public DirectorySnapshot {
        sites = Map.copyOf(sites);
        ranges = List.copyOf(ranges);
        overrides = Map.copyOf(overrides);
    }

    /** A site as the directory knows it; addresses are null for a site that is not reachable yet. */
    public record SiteEntry(String id, String name, String apiAddress, String messagingAddress) {
    }

    /** Extensions first..last (inclusive, equal length) homed at siteId. */
    public record Range(String first, String last, String siteId) {

        public Range {
            if (first == null || last == null || !first.chars().allMatch(Character::isDigit) || !last.chars().allMatch(Character::isDigit)
                    || first.isEmpty() || first.length() != last.length() || first.compareTo(last) > 0) {
                throw new IllegalArgumentException("extension range " + first + "-" + last
                        + " must be two numbers of the same length, the first not above the second");
            }
        }

        public boolean contains(String extension) {
            // Equal-length digit strings compare like the numbers they are.
            return extension.length() == first.length() && extension.compareTo(first) >= 0 && extension.compareTo(last) <= 0;
        }

        long size() {
            return Long.parseLong(last) - Long.parseLong(first);
        }

        public static Range parse(String text, String siteId) {
            String t = text.trim();
            int dash = t.indexOf('-');
            return dash < 0 ? new Range(t, t, siteId) : new Range(t.substring(0, dash).trim(), t.substring(dash + 1).trim(), siteId);
        }

        @Override
        public String toString() {
            return first.equals(last) ? first : first + "-" + last;
        }
    }

    /**
     * The extension's home: its override if it has one, else the narrowest range containing it,
     * else this site (so an unknown number is refused here, by this site's own mailbox check).
     */
    public String homeOf(String extension) {
        String override = overrides.get(extension);
        if (override != null) {
            return override;
        }
        return ranges.stream().filter(r -> r.contains(extension)).min(Comparator.comparingLong(Range::size))
                .map(Range::siteId).orElse(localSiteId);
    }

    /** Two sites claiming the same extensions would make a home depend on luck: only nesting is allowed. */
    public static void checkOverlaps(List<Range> ranges) {
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                Range a = ranges.get(i);
                Range b = ranges.get(j);
                boolean overlap = a.first().length() == b.first().length() && a.first().compareTo(b.last()) <= 0 && b.first().compareTo(a.last()) <= 0;
                boolean same = a.first().equals(b.first()) && a.last().equals(b.last());
                boolean nested = a.contains(b.first()) && a.contains(b.last()) || b.contains(a.first()) && b.contains(a.last());
                if (overlap && (same || !nested)) {
                    throw new IllegalArgumentException("ranges " + a + " (" + a.siteId() + ") and " + b + " (" + b.siteId()
                            + ") overlap; nest a narrower range inside a wider one, or use an override for single mailboxes");
                }
            }
        }
    }

    public Optional<SiteEntry> site(String id) {
        return Optional.ofNullable(sites.get(id));
    }

    /** Every other site, in id order. */
    public List<SiteEntry> peers() {
        return sites.values().stream().filter(s -> !s.id().equals(localSiteId)).sorted(Comparator.comparing(SiteEntry::id)).toList();
    }

    public boolean isPeer(String siteId) {
        return siteId != null && !siteId.equals(localSiteId) && sites.containsKey(siteId);
    }
}
