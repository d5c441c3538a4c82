package org.homebound.voicemail.callstatus;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.message.VoiceMessage;

/**
 * Tells {@link MailboxAdmission} of every change of a mailbox or of a message in one: a JPA entity
 * listener, so that whatever changes them (the API, the web inbox, the phone menu, a deposit, a
 * delivery from another site, an email sent, an expiry) keeps the set-up decision exact.
 */
public class AdmissionChanges {

    /**
     * The application's admission, set at start (SiteStartup): a flush may run on a thread where
     * CDI cannot be looked up (an MDB's commit on the messaging client's thread), and the bean's
     * client proxy works from any thread.
     */
    private static volatile MailboxAdmission admission;

    public static void use(MailboxAdmission a) {
        admission = a;
    }

    @PostPersist
    void added(Object entity) {
        changed(entity);
    }

    @PostUpdate
    void updated(Object entity) {
        changed(entity);
    }

    @PostRemove
    void removed(Object entity) {
        changed(entity);
    }

    private static void changed(Object entity) {
        String extension = null;
        if (entity instanceof Mailbox mailbox) {
            extension = mailbox.getExtension();
        } else if (entity instanceof VoiceMessage message && message.getMailbox() != null) {
            extension = message.getMailbox().getExtension();
        }
        if (extension != null) {
            MailboxAdmission a = admission;
            (a != null ? a : CDI.current().select(MailboxAdmission.class).get()).changed(extension);
        }
    }
}
