package org.homebound.voicemail.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.infinispan.Cache;
import org.junit.jupiter.api.Test;

/** The interleavings of a reader loading from the database and a writer's eviction, step by step. */
class CacheEvictionTest {

    private final Map<Object, Object> entries = new ConcurrentHashMap<>();

    /** The few Cache methods CacheEviction uses, on a map; a fresh name per test keeps change counts apart. */
    @SuppressWarnings("unchecked")
    private Cache<String, String> cache(String name) {
        return (Cache<String, String>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Cache.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getName" -> name;
                    case "get" -> entries.get(args[0]);
                    case "putIfAbsent" -> entries.putIfAbsent(args[0], args[1]);
                    case "remove" -> args.length == 1 ? entries.remove(args[0]) : (Object) entries.remove(args[0], args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A transaction's registry: its resources and interposed synchronizations, ended by hand. */
    private static final class Transaction {
        final Map<Object, Object> resources = new HashMap<>();
        final List<Synchronization> synchronizations = new ArrayList<>();
        final TransactionSynchronizationRegistry registry = (TransactionSynchronizationRegistry) Proxy.newProxyInstance(
                CacheEvictionTest.class.getClassLoader(), new Class<?>[] {TransactionSynchronizationRegistry.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getTransactionKey" -> this;
                    case "getResource" -> resources.get(args[0]);
                    case "putResource" -> resources.put(args[0], args[1]);
                    case "registerInterposedSynchronization" -> synchronizations.add((Synchronization) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        void commit() {
            synchronizations.forEach(s -> s.afterCompletion(Status.STATUS_COMMITTED));
        }
    }

    @Test
    void everyKeyATransactionChangedIsEvictedAfterItAndFollowedUpTogetherOnce() {
        Cache<String, String> cache = cache("batch");
        Transaction tx = new Transaction();
        List<Set<String>> followUps = new ArrayList<>();
        for (String key : List.of("2001", "2002", "2001", "2001")) {
            entries.put(key, "old");
            CacheEviction.nowAndAfter(tx.registry, cache, key, keys -> followUps.add(Set.copyOf(keys)));
            assertNull(cache.get(key), "evicted at once, every time");
        }
        assertEquals(1, tx.synchronizations.size(), "one follow-up per transaction, not per key or change");
        entries.put("2001", "read during the transaction");
        entries.put("2002", "read during the transaction");
        tx.commit();
        assertNull(cache.get("2001"), "evicted again after the transaction");
        assertNull(cache.get("2002"), "evicted again after the transaction");
        assertEquals(List.of(Set.of("2001", "2002")), followUps);
        Transaction next = new Transaction();
        CacheEviction.nowAndAfter(next.registry, cache, "2001", keys -> followUps.add(Set.copyOf(keys)));
        assertEquals(1, next.synchronizations.size(), "the next transaction follows its own change up");
        next.commit();
        assertEquals(Set.of("2001"), followUps.get(1));
    }

    @Test
    void severalKeysAreLoadedTogetherAndOnlyThoseNotCached() {
        Cache<String, String> cache = cache("together");
        entries.put("2001", "cached");
        List<Set<String>> asked = new ArrayList<>();
        Map<String, String> values = CacheEviction.loadAllThrough(cache, List.of("2001", "2002", "2003"), missing -> {
            asked.add(Set.copyOf(missing));
            evictAsAWriterDoes(cache, "2003"); // 2003 changes while it is read
            Map<String, String> loaded = new HashMap<>();
            missing.forEach(k -> loaded.put(k, "loaded " + k));
            return loaded;
        });
        assertEquals(List.of(Set.of("2002", "2003")), asked, "one load, for what was not cached");
        assertEquals(Map.of("2001", "cached", "2002", "loaded 2002", "2003", "loaded 2003"), values);
        assertEquals("loaded 2002", entries.get("2002"));
        assertNull(entries.get("2003"), "loaded during its change: not cached");
    }

    @Test
    void whatWasLoadedIsCachedAndTheDatabaseAskedOnce() {
        Cache<String, String> cache = cache("quiet");
        AtomicInteger loads = new AtomicInteger();
        assertEquals("v1", CacheEviction.loadThrough(cache, "2001", () -> "v" + loads.incrementAndGet()));
        assertEquals("v1", CacheEviction.loadThrough(cache, "2001", () -> "v" + loads.incrementAndGet()));
        assertEquals(1, loads.get());
    }

    @Test
    void aValueLoadedWhileTheKeyChangedIsNotLeftInTheCache() {
        Cache<String, String> cache = cache("racing");
        // the writer's transaction ends (and evicts) after the reader read the old row, before it put it
        String loaded = CacheEviction.loadThrough(cache, "2001", () -> {
            evictAsAWriterDoes(cache, "2001");
            return "old";
        });
        assertEquals("old", loaded, "the reader itself gets what it read");
        assertNull(entries.get("2001"), "but the old value is not cached for the next caller");
        assertEquals("new", CacheEviction.loadThrough(cache, "2001", () -> "new"));
        assertEquals("new", entries.get("2001"));
    }

    @Test
    void anEvictionAfterThePutRemovesIt() {
        Cache<String, String> cache = cache("late");
        CacheEviction.loadThrough(cache, "2001", () -> "old");
        evictAsAWriterDoes(cache, "2001");
        assertNull(entries.get("2001"));
        evictAsAWriterDoes(cache, "2002"); // other keys' changes do not stop a reader caching
        assertEquals("x", CacheEviction.loadThrough(cache, "2001", () -> "x"));
        assertEquals("x", entries.get("2001"));
    }

    @Test
    void aChangeOfAnotherKeyCountedInTheSameStripeOnlyCostsOneCaching() {
        Cache<String, String> cache = cache("shared");
        int stripe = CacheEviction.stripe(cache, "2001");
        String neighbour = java.util.stream.IntStream.range(0, 1_000_000).mapToObj(i -> "k" + i)
                .filter(k -> CacheEviction.stripe(cache, k) == stripe).findFirst().orElseThrow();
        String loaded = CacheEviction.loadThrough(cache, "2001", () -> {
            evictAsAWriterDoes(cache, neighbour);
            return "v";
        });
        assertEquals("v", loaded);
        assertNull(entries.get("2001"), "taken for a change of 2001 itself: not cached this time");
        assertEquals("v", CacheEviction.loadThrough(cache, "2001", () -> "v"));
        assertEquals("v", entries.get("2001"), "cached the next time");
    }

    /** What nowAndAfter does at once and when the transaction completes (the registry needs a container). */
    private static void evictAsAWriterDoes(Cache<String, String> cache, String key) {
        CacheEviction.evict(cache, key);
    }
}
