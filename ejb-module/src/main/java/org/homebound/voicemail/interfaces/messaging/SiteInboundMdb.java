package org.homebound.voicemail.interfaces.messaging;

import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.homebound.voicemail.migration.InboundDelivery;
import org.homebound.voicemail.migration.SiteEnvelope;
import org.homebound.voicemail.migration.SiteLink;
import org.jboss.logging.Logger;

/**
 * This site's inbound queue: voice messages and receipts from peer sites, delivered by their core
 * bridges. Unreadable or invalid envelopes are logged and dropped (they would fail the same way
 * again); a failure to store is thrown, so the broker redelivers.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = SiteLink.INBOUND),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")})
public class SiteInboundMdb implements MessageListener {

    private static final Logger LOG = Logger.getLogger(SiteInboundMdb.class);
    /** Set by the broker's divert on the copy it routes here: the address the message was sent to. */
    private static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";

    @Inject
    InboundDelivery delivery;

    @Override
    public void onMessage(Message message) {
        SiteEnvelope envelope;
        byte[] audio;
        String sentBy;
        try {
            if (!(message instanceof BytesMessage bytes)) {
                LOG.warnf("REJECTED %s on the inbound queue: not a Homebound envelope", message.getClass().getSimpleName());
                return;
            }
            long length = bytes.getBodyLength();
            // Checked (size included) before the body is read, so an oversized body is never loaded.
            envelope = SiteEnvelope.fromProperties(properties(message), length);
            // Which peer's door it came through, as this site's broker recorded it (never the sender's say-so).
            sentBy = SiteLink.peerOfDoor(message.getStringProperty(ORIGINAL_ADDRESS));
            audio = new byte[(int) length];
            bytes.readBytes(audio);
        } catch (SiteEnvelope.InvalidEnvelope e) {
            LOG.warnf("REJECTED envelope on the inbound queue: %s", e.getMessage());
            return;
        } catch (JMSException e) {
            throw new IllegalStateException("unreadable message on the inbound queue", e);
        }
        delivery.accept(envelope, audio, sentBy);
    }

    private static Map<String, Object> properties(Message message) throws JMSException {
        Map<String, Object> p = new HashMap<>();
        Enumeration<?> names = message.getPropertyNames();
        while (names.hasMoreElements()) {
            String name = (String) names.nextElement();
            if (name.startsWith("hb")) {
                p.put(name, message.getObjectProperty(name));
            }
        }
        return p;
    }
}
