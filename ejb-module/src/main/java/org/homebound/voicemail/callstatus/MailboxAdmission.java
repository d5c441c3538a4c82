package org.homebound.voicemail.callstatus;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.homebound.voicemail.configuration.CacheEviction;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.infinispan.Cache;
import org.jboss.logging.Logger;

/**
 * What the set-up decision needs to know of a mailbox homed here - does it exist, is it enabled,
 * is there room - answered from an Infinispan cache, so that a call's 200 OK does not wait on the
 * database. The cache is exact: every change of a mailbox or of its messages evicts the entry at
 * once and again when its transaction has ended ({@link AdmissionChanges}, a JPA listener on both
 * entities, so no path that changes them can forget it), and a reader that loaded while a change
 * was under way does not keep what it read ({@link CacheEviction}). After a change has committed
 * the entry is loaded again in the background, so the next call finds it; until then a call reads
 * the database as it would without the cache.
 */
@ApplicationScoped
public class MailboxAdmission {

    private static final Logger LOG = Logger.getLogger(MailboxAdmission.class);
    public static final String CACHE = "java:jboss/infinispan/cache/homebound/admission";
    /** Mailboxes loaded per query at start (a query's parameters are bounded: PostgreSQL takes at most 32,767). */
    private static final int WARM_UP_CHUNK = 1000;

    /** A mailbox as the set-up decision sees it; {@link #ABSENT} for an extension without one. */
    public record Admission(boolean exists, boolean enabled, int quota, int messages) implements Serializable {
        public static final Admission ABSENT = new Admission(false, false, 0, 0);

        public boolean full() {
            return messages >= quota;
        }
    }

    @Inject
    MailboxRepository mailboxes;
    @Inject
    VoiceMessageRepository messages;
    @Resource(lookup = CACHE)
    Cache<String, Admission> cache;
    @Resource
    TransactionSynchronizationRegistry transactions;
    @Resource
    ManagedExecutorService executor;
    /** This bean through its proxy, so that the background loads run in a transaction of their own. */
    @Inject
    MailboxAdmission self;

    /** Reads straight from the repositories, without a cache (a test of the decision itself). */
    public static MailboxAdmission uncached(MailboxRepository mailboxes, VoiceMessageRepository messages) {
        MailboxAdmission a = new MailboxAdmission();
        a.mailboxes = mailboxes;
        a.messages = messages;
        return a;
    }

    public Admission of(String extension) {
        if (cache == null) {
            return load(extension);
        }
        return CacheEviction.loadThrough(cache, extension, () -> load(extension));
    }

    private Admission load(String extension) {
        return mailboxes.findByExtension(extension).map(m -> admission(m, messages.countFor(m).total())).orElse(Admission.ABSENT);
    }

    /** Several mailboxes in two queries, whatever their number. */
    private Map<String, Admission> loadAll(Set<String> extensions) {
        Map<String, Mailbox> found = mailboxes.findByExtensions(extensions);
        Map<String, Integer> totals = messages.totalsFor(found.values());
        Map<String, Admission> loaded = new HashMap<>();
        for (String extension : extensions) {
            Mailbox m = found.get(extension);
            loaded.put(extension, m == null ? Admission.ABSENT : admission(m, totals.getOrDefault(extension, 0)));
        }
        return loaded;
    }

    private static Admission admission(Mailbox mailbox, int messages) {
        return new Admission(true, mailbox.isEnabled(), mailbox.getQuota(), messages);
    }

    /** The mailbox or its messages are changing in the current transaction. */
    public void changed(String extension) {
        CacheEviction.nowAndAfter(transactions, cache, extension, changed -> {
            try {
                executor.execute(() -> self.reload(changed));
            } catch (RuntimeException e) {
                LOG.debugf(e, "mailboxes %s: not loaded again after a change (the next call reads them)", changed);
            }
        });
    }

    /** Loads mailboxes into the cache again after a change, together (the repositories need a transaction). */
    @Transactional
    public void reload(Set<String> extensions) {
        try {
            CacheEviction.loadAllThrough(cache, extensions, this::loadAll);
        } catch (RuntimeException e) {
            LOG.debugf(e, "mailboxes %s: not loaded again after a change (the next call reads them)", extensions);
        }
    }

    /** Loads every mailbox into the cache (at start: the first calls after a restart do not wait on the database). */
    @Transactional
    public int warmUp() {
        List<String> all = mailboxes.findAll().stream().map(Mailbox::getExtension).toList();
        for (int from = 0; from < all.size(); from += WARM_UP_CHUNK) {
            CacheEviction.loadAllThrough(cache, all.subList(from, Math.min(all.size(), from + WARM_UP_CHUNK)), this::loadAll);
        }
        return all.size();
    }
}
