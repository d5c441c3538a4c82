package org.homebound.voicemail.callstatus;

import java.io.Serializable;
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
        Mailbox mailbox = mailboxes.findByExtension(extension).orElse(null);
        if (mailbox == null) {
            return Admission.ABSENT;
        }
        return new Admission(true, mailbox.isEnabled(), mailbox.getQuota(), messages.countFor(mailbox).total());
    }

    /** The mailbox or its messages are changing in the current transaction. */
    public void changed(String extension) {
        CacheEviction.nowAndAfter(transactions, cache, extension, () -> {
            try {
                executor.execute(() -> self.reload(extension));
            } catch (RuntimeException e) {
                LOG.debugf(e, "mailbox %s: not loaded again after a change (the next call reads it)", extension);
            }
        });
    }

    /** Loads a mailbox into the cache again after a change (the repositories need a transaction). */
    @Transactional
    public void reload(String extension) {
        try {
            of(extension);
        } catch (RuntimeException e) {
            LOG.debugf(e, "mailbox %s: not loaded again after a change (the next call reads it)", extension);
        }
    }

    /** Loads every mailbox into the cache (at start: the first calls after a restart do not wait on the database). */
    @Transactional
    public int warmUp() {
        int n = 0;
        for (Mailbox mailbox : mailboxes.findAll()) {
            of(mailbox.getExtension());
            n++;
        }
        return n;
    }
}
