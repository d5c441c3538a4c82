package org.homebound.voicemail.interfaces.messaging;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.homebound.voicemail.application.MailboxChanges;
import org.homebound.voicemail.application.MessageWaitingService;

/** Updates the lamps of the extensions whose mailboxes changed; a failure is redelivered by the broker. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = MailboxChanges.QUEUE),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue")})
public class MailboxEventsMdb implements MessageListener {

    @Inject
    MessageWaitingService messageWaiting;

    @Override
    public void onMessage(Message message) {
        try {
            for (String extension : MailboxChanges.extensionsOf(message.getBody(String.class))) {
                messageWaiting.refresh(extension);
            }
        } catch (JMSException e) {
            throw new IllegalStateException("unreadable mailbox event", e);
        }
    }
}
