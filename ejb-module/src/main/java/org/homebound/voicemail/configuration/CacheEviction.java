package org.homebound.voicemail.configuration;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.infinispan.Cache;

/**
 * A local cache in front of the database that a reader cannot fill with a stale value. A writer
 * evicts the entry it is changing at once and again when its transaction has ended; a reader that
 * loaded from the database while such a change was under way (it may have read the old row)
 * does not leave what it loaded in the cache. Every eviction counts a change of the key first, and
 * a reader checks that count after putting: if it moved since the reader began, the reader takes
 * its value out again - whichever of the two comes first, no old value stays cached.
 * <p>
 * The counts are kept in a fixed number of stripes, not per key, so they take the same memory
 * however many keys ever change; keys sharing a stripe only make a reader give up caching now and
 * then (it loads again next time), never keep a stale value.
 */
public final class CacheEviction {

    /** Changes begun, per stripe of cache and key. */
    private static final AtomicLongArray CHANGES = new AtomicLongArray(4096);

    private CacheEviction() {
    }

    public static <K> void nowAndAfter(TransactionSynchronizationRegistry transactions, Cache<K, ?> cache, K key) {
        nowAndAfter(transactions, cache, key, keys -> { });
    }

    /**
     * As above; {@code then} runs once the entries are evicted after the transaction (a reload, say),
     * once for every key the transaction changed in this cache: a batch storing messages in twenty
     * mailboxes is followed up by one reload of twenty, not twenty reloads. A cache has one follow-up:
     * the one given with the transaction's first change of it is the one that runs.
     */
    public static <K> void nowAndAfter(TransactionSynchronizationRegistry transactions, Cache<K, ?> cache, K key, Consumer<Set<K>> then) {
        evict(cache, key);
        Object resource = CacheEviction.class.getName() + ":" + cache.getName();
        @SuppressWarnings("unchecked")
        Set<K> after = (Set<K>) transactions.getResource(resource);
        if (after == null) {
            Set<K> keys = new LinkedHashSet<>();
            transactions.putResource(resource, keys);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // nothing before
                }

                @Override
                public void afterCompletion(int status) {
                    keys.forEach(k -> evict(cache, k));
                    then.accept(Collections.unmodifiableSet(keys));
                }
            });
            after = keys;
        }
        after.add(key);
    }

    /** The cached value, else {@code load}'s, cached unless the key changed while it was loaded. */
    public static <K, V> V loadThrough(Cache<K, V> cache, K key, Supplier<V> load) {
        V cached = cache.get(key);
        if (cached != null) {
            return cached; // every call's set-up and every envelope come here: nothing allocated on a hit
        }
        return loadAllThrough(cache, List.of(key), missing -> Map.of(key, load.get())).get(key);
    }

    /**
     * As {@link #loadThrough} for several keys, those not cached loaded together; {@code load}
     * answers every key it is given (a value standing for "none" where there is none).
     */
    public static <K, V> Map<K, V> loadAllThrough(Cache<K, V> cache, Collection<K> keys, Function<Set<K>, Map<K, V>> load) {
        Map<K, V> values = new HashMap<>();
        Map<K, Long> changesBefore = new HashMap<>();
        for (K key : keys) {
            V cached = cache.get(key);
            if (cached != null) {
                values.put(key, cached);
            } else {
                changesBefore.put(key, changes(cache, key));
            }
        }
        if (changesBefore.isEmpty()) {
            return values;
        }
        Map<K, V> loaded = load.apply(Collections.unmodifiableSet(changesBefore.keySet()));
        changesBefore.forEach((key, before) -> {
            V value = loaded.get(key);
            cache.putIfAbsent(key, value);
            if (changes(cache, key) != before) {
                cache.remove(key, value); // loaded during a change: maybe the old value
            }
            values.put(key, value);
        });
        return values;
    }

    /** Counts a change of the key, then drops its entry. */
    static <K> void evict(Cache<K, ?> cache, K key) {
        CHANGES.incrementAndGet(stripe(cache, key));
        cache.remove(key);
    }

    private static long changes(Cache<?, ?> cache, Object key) {
        return CHANGES.get(stripe(cache, key));
    }

    static int stripe(Cache<?, ?> cache, Object key) {
        return Math.floorMod(31 * cache.getName().hashCode() + key.hashCode(), CHANGES.length());
    }
}
