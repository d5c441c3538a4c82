package org.homebound.voicemail.configuration;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.infinispan.Cache;

/**
 * Evicts a cached entry that a transaction is changing: at once, so nobody caches the old value
 * from now on, and again when the transaction ends, in case a reader cached it meanwhile.
 */
public final class CacheEviction {

    private CacheEviction() {
    }

    public static <K> void nowAndAfter(TransactionSynchronizationRegistry transactions, Cache<K, ?> cache, K key) {
        cache.remove(key);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing before
            }

            @Override
            public void afterCompletion(int status) {
                cache.remove(key);
            }
        });
    }
}
