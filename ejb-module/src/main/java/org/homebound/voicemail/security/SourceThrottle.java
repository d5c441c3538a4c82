package org.homebound.voicemail.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Slows down one source (an address on the web, a calling number on the phone) that gets PINs
 * wrong for many mailboxes. The mailbox's own count already stops guessing one PIN; this stops one
 * attacker from walking through the directory and locking every subscriber out, which would
 * otherwise take only {@code lockAfter} requests per mailbox. A source is slowed once it failed
 * on more than {@code freeMailboxes} distinct mailboxes within the window; each further mailbox
 * doubles its wait. Kept in memory, bounded: a restart forgets it, the mailboxes' counts do not.
 */
public final class SourceThrottle {

    static final int MAX_SOURCES = 10_000;

    private final int freeMailboxes;
    private final Duration window;
    private final Duration firstWait;
    private final Duration maxWait;
    private final Map<String, Source> sources = new HashMap<>();

    public SourceThrottle(int freeMailboxes, Duration window, Duration firstWait, Duration maxWait) {
        if (freeMailboxes < 1 || window.isNegative() || window.isZero() || firstWait.isNegative() || maxWait.compareTo(firstWait) < 0) {
            throw new IllegalArgumentException("source throttle: at least one mailbox free, a positive window and waits");
        }
        this.freeMailboxes = freeMailboxes;
        this.window = window;
        this.firstWait = firstWait;
        this.maxWait = maxWait;
    }

    /** When this source may try again; null: now. */
    public synchronized Instant notBefore(String source, Instant now) {
        Source s = sources.get(source);
        if (s == null) {
            return null;
        }
        s.forgetBefore(now.minus(window));
        Instant until = s.lastFailure == null ? null : s.lastFailure.plus(waitFor(s.failedMailboxes.size()));
        return until != null && now.isBefore(until) ? until : null;
    }

    public synchronized void failed(String source, String mailbox, Instant now) {
        Source s = sources.computeIfAbsent(source, k -> new Source());
        s.forgetBefore(now.minus(window));
        s.failedMailboxes.put(mailbox, now);
        s.lastFailure = now;
        if (sources.size() > MAX_SOURCES) {
            evict(now);
        }
    }

    /** An administrator lets a source try again at once. Returns whether it was slowed or counted at all. */
    public synchronized boolean forget(String source) {
        return sources.remove(source) != null;
    }

    /** Sources that must wait now, with how many mailboxes they failed on and until when. */
    public synchronized List<Slowed> slowed(Instant now) {
        List<Slowed> slowed = new ArrayList<>();
        for (Map.Entry<String, Source> e : sources.entrySet()) {
            e.getValue().forgetBefore(now.minus(window));
            Instant until = notBefore(e.getKey(), now);
            if (until != null) {
                slowed.add(new Slowed(e.getKey(), e.getValue().failedMailboxes.size(), until));
            }
        }
        slowed.sort(Comparator.comparing(Slowed::until).reversed());
        return slowed;
    }

    Duration waitFor(int mailboxes) {
        if (mailboxes <= freeMailboxes) {
            return Duration.ZERO;
        }
        Duration wait = firstWait.multipliedBy(1L << Math.min(mailboxes - freeMailboxes - 1, 30));
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }

    synchronized int size() {
        return sources.size();
    }

    /**
     * Drops sources with nothing left in the window, then the least recently failing ones, down to
     * nine tenths of the bound, so a flood of new sources sorts only once in a while.
     */
    private void evict(Instant now) {
        sources.values().forEach(s -> s.forgetBefore(now.minus(window)));
        sources.values().removeIf(s -> s.failedMailboxes.isEmpty());
        int keep = MAX_SOURCES * 9 / 10;
        if (sources.size() > keep) {
            List<String> oldest = sources.entrySet().stream().sorted(Comparator.comparing(e -> e.getValue().lastFailure))
                    .limit(sources.size() - keep).map(Map.Entry::getKey).toList();
            oldest.forEach(sources::remove);
        }
    }

    public record Slowed(String source, int failedMailboxes, Instant until) {
    }

    private static final class Source {
        /** The mailboxes it failed on within the window, each with its last failure; bounded by what one source can try. */
        final Map<String, Instant> failedMailboxes = new HashMap<>();
        Instant lastFailure;

        void forgetBefore(Instant cutOff) {
            failedMailboxes.values().removeIf(t -> t.isBefore(cutOff));
            if (failedMailboxes.size() > 256) {
                // a source this busy waits maxWait anyway; keep the newest
                List<String> older = failedMailboxes.entrySet().stream().sorted(Map.Entry.comparingByValue())
                        .limit(failedMailboxes.size() - 256L).map(Map.Entry::getKey).toList();
                older.forEach(failedMailboxes::remove);
            }
        }
    }
}
