package org.homebound.voicemail.application;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Announces that a mailbox's messages changed. The JMS send joins the caller's transaction, so
 * the lamp is updated only once the change is committed, and again if the update fails. Work
 * that changes many mailboxes at once (a batch from a peer site) runs {@link #together}: one
 * event names them all, each once (the lamp is set from the committed counts anyway).
 */
@ApplicationScoped
public class MailboxChanges {

    public static final String QUEUE = "java:/jms/homebound/MailboxEvents";
    /** The transaction's resource while {@link #together} runs: the extensions to announce at its end. */
    private static final Object TOGETHER = MailboxChanges.class.getName() + ".together";

    @Inject
    JMSContext jms;

    @Resource(lookup = QUEUE)
    Queue queue;

    @Resource
    TransactionSynchronizationRegistry transactions;

    public void changed(String extension) {
        Together together = transactions.getTransactionKey() == null ? null : (Together) transactions.getResource(TOGETHER);
        if (together != null && together.changed != null) {
            together.changed.add(extension);
        } else {
            send(List.of(extension));
        }
    }

    /**
     * Runs work that changes many mailboxes (a batch from a peer site) in the caller's transaction
     * and announces them all in one event at its end: one lamp transaction for the batch instead
     * of one per mailbox.
     */
    public void together(Runnable work) {
        Together together = new Together();
        transactions.putResource(TOGETHER, together);
        try {
            work.run();
        } finally {
            Set<String> changed = together.changed;
            together.changed = null;
            if (!changed.isEmpty()) {
                send(changed);
            }
        }
    }

    /** What {@link #together} collects while its work runs (null after). */
    private static final class Together {
        Set<String> changed = new LinkedHashSet<>();
    }

    /** The extensions an event names (MailboxEventsMdb): one, or several separated by commas. */
    public static List<String> extensionsOf(String event) {
        return List.of(event.split(","));
    }

    private void send(Collection<String> extensions) {
        jms.createProducer().send(queue, String.join(",", extensions));
    }
}
