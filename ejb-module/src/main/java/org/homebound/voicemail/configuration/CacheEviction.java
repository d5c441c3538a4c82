package org.homebound.voicemail.configuration;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 */
public final class CacheEviction {

    /** Changes begun per cache and key (only for keys that were changed). */
    private static final Map<String, AtomicLong> CHANGES = new ConcurrentHashMap<>();

    private CacheEviction() {
    }

    public static <K> void nowAndAfter(TransactionSynchronizationRegistry transactions, Cache<K, ?> cache, K key) {
        evict(cache, key);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing before
            }

            @Override
            public void afterCompletion(int status) {
                evict(cache, key);
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
        CHANGES.computeIfAbsent(id(cache, key), k -> new AtomicLong()).incrementAndGet();
        cache.remove(key);
    }

    private static long changes(Cache<?, ?> cache, Object key) {
        AtomicLong n = CHANGES.get(id(cache, key));
        return n == null ? 0 : n.get();
    }

    private static String id(Cache<?, ?> cache, Object key) {
        return cache.getName() + '\u0000' + key;
    }
}
