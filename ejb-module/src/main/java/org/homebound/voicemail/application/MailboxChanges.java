package org.homebound.voicemail.application;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;

/**
 * Announces that a mailbox's messages changed. The JMS send joins the caller's transaction, so
 * the lamp is updated only once the change is committed, and again if the update fails.
 */
@ApplicationScoped
public class MailboxChanges {

    public static final String QUEUE = "java:/jms/homebound/MailboxEvents";

    @Inject
    JMSContext jms;

    @Resource(lookup = QUEUE)
    Queue queue;

    public void changed(String extension) {
        jms.createProducer().send(queue, extension);
    }
}
