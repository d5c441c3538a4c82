package org.homebound.voicemail.migration;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import org.homebound.voicemail.domain.message.AudioFormat;
import org.homebound.voicemail.domain.message.VoiceMessage;

/**
 * Sends envelopes to peer sites. Each peer has an outbound store-and-forward queue on this site,
 * core-bridged to the peer's inbound queue (wildfly-config: homebound-network). The send joins
 * the caller's JTA transaction, so it happens exactly when the state change that caused it commits.
 */
@ApplicationScoped
public class SiteLink {

    public static final String INBOUND = "java:/jms/homebound/Inbound";
    private static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    private static final String DOOR_PREFIX = "jms.queue.Inbound.";

    @Inject
    org.homebound.voicemail.operations.SiteMetrics metrics;
    @Inject
    JMSContext jms;

    private final Map<String, Queue> outbound = new ConcurrentHashMap<>();

    public static String outboundJndiName(String siteId) {
        return "java:/jms/homebound/to/" + siteId;
    }

    /** The core bridge to a peer, as wildfly-config/bin/homebound-network names it. */
    public static String bridgeName(String siteId) {
        return "to-" + siteId;
    }

    /**
     * A peer's own way into this site, as homebound-network creates it: an address only that
     * peer's bridge login may send to, diverted into the inbound queue. The broker stamps the
     * address a message came through on the diverted copy, so the receiver knows which site really
     * sent it, whatever the message says.
     */
    public static String doorAddress(String peerId) {
        return DOOR_PREFIX + peerId;
    }

    /** The peer whose door the address is, or null if it is none. */
    public static String peerOfDoor(String address) {
        return address != null && address.startsWith(DOOR_PREFIX) && address.length() > DOOR_PREFIX.length()
                ? address.substring(DOOR_PREFIX.length()) : null;
    }

    /** The outbound store-and-forward queue to a peer, as homebound-network names it. */
    public static String outboundQueueName(String siteId) {
        return "ToSite." + siteId;
    }

    /** Whether this site has an outbound queue (and so a bridge) to the peer. */
    public boolean hasRouteTo(String siteId) {
        try {
            queue(siteId);
            return true;
        } catch (NoRouteException e) {
            return false;
        }
    }

    /** Sends a message with its audio, in the format the audio is in (read with the bytes, never from the message row). */
    public void sendMessage(VoiceMessage m, AudioFormat format, byte[] audio, boolean again) {
        metrics.forwarded(m.getHomeSite(), 1);
        SiteEnvelope envelope = SiteEnvelope.voiceMessage(m.getId(), m.getRecordingSite(), m.getHomeSite(), m.getExtension(),
                m.getCallerNumber(), m.getReceivedAt(), m.getDurationMillis(), format, m.getReason());
        // A re-send must get past the broker's duplicate check; the home site's idempotent store drops it if it was a copy.
        send(envelope, audio, again ? envelope.duplicateId() + ":again:" + System.nanoTime() : envelope.duplicateId());
    }

    /** A greeting change, to one peer; the audio (null for a removal) is the body. */
    public void sendGreeting(SiteEnvelope greeting, byte[] audio) {
        send(greeting, audio, greeting.duplicateId());
    }

    public void sendReceipt(SiteEnvelope receipt) {
        send(receipt, null, null);
    }

    private void send(SiteEnvelope envelope, byte[] audio, String duplicateId) {
        Queue queue = queue(envelope.toSite());
        try {
            BytesMessage message = jms.createBytesMessage();
            if (audio != null) {
                message.writeBytes(audio);
            }
            for (Map.Entry<String, Object> p : envelope.toProperties().entrySet()) {
                message.setObjectProperty(p.getKey(), p.getValue());
            }
            if (duplicateId != null) {
                message.setStringProperty(DUPLICATE_ID, duplicateId);
            }
            jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(queue, message);
        } catch (JMSException e) {
            throw new IllegalStateException("could not send " + envelope.kind() + " " + envelope.messageId() + " to site " + envelope.toSite(), e);
        }
    }

    private Queue queue(String siteId) {
        Queue q = outbound.get(siteId);
        if (q != null) {
            return q;
        }
        try {
            q = (Queue) new InitialContext().lookup(outboundJndiName(siteId));
        } catch (NamingException e) {
            throw new NoRouteException("no outbound queue to site " + siteId + " (" + outboundJndiName(siteId)
                    + "); configure the network with wildfly-config/bin/homebound-network");
        }
        outbound.put(siteId, q);
        return q;
    }

    /** The peer is in the directory but this server has no bridge to it. */
    public static final class NoRouteException extends RuntimeException {
        public NoRouteException(String message) {
            super(message);
        }
    }
}
