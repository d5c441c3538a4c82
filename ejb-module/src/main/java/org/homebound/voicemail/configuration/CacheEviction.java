package org.homebound.voicemail.configuration;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
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
        nowAndAfter(transactions, cache, key, () -> { });
    }

    /**
     * As above; {@code then} runs once the entry is evicted after the transaction (a reload, say).
     * However often a transaction changes the key (a batch storing several messages of one
     * mailbox), it is evicted after the transaction once, and {@code then} runs once.
     */
    public static <K> void nowAndAfter(TransactionSynchronizationRegistry transactions, Cache<K, ?> cache, K key, Runnable then) {
        evict(cache, key);
        Object resource = CacheEviction.class.getName() + ":" + cache.getName();
        @SuppressWarnings("unchecked")
        Set<Object> after = (Set<Object>) transactions.getResource(resource);
        if (after == null) {
            after = new HashSet<>();
            transactions.putResource(resource, after);
        }
        if (!after.add(key)) {
            return; // already evicted (and followed up) after this transaction
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing before
            }

            @Override
            public void afterCompletion(int status) {
                evict(cache, key);
                then.run();
            }
        });
    }

    /** The cached value, else {@code load}'s, cached unless the key changed while it was loaded. */
    public static <K, V> V loadThrough(Cache<K, V> cache, K key, Supplier<V> load) {
        V cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        long before = changes(cache, key);
        V loaded = load.get();
        cache.putIfAbsent(key, loaded);
        if (changes(cache, key) != before) {
            cache.remove(key, loaded); // loaded during a change: maybe the old value
        }
        return loaded;
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
