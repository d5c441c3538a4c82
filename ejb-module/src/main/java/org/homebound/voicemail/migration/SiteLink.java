package org.homebound.voicemail.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
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
    /**
     * The most audio one batch carries: with the items' properties (about 1 KB each) below the
     * 1 MiB at which the connection factory and the bridges make a message an Artemis large message
     * (30-messaging.cli, homebound-network), whose streaming to files costs the sender its producer
     * credits (docs/BENCHMARKS.md). A forwarding batch of 25 held 30-second messages in Opus fits.
     */
    static final int WIRE_BATCH_BYTES = 960 * 1024;

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
        SiteEnvelope envelope = envelopeOf(m, format);
        // A re-send must get past the broker's duplicate check; the home site's idempotent store drops it if it was a copy.
        send(envelope, audio, again ? envelope.duplicateId() + ":again:" + System.nanoTime() : envelope.duplicateId());
    }

    /**
     * Sends messages for one home site as few JMS messages as the wire allows: batches of at most
     * {@link #WIRE_BATCH_BYTES} of audio (so that none becomes an Artemis large message) and
     * {@link SiteBatch#MAX_ITEMS} items; a message alone in its batch travels as a single envelope.
     */
    public void sendMessages(String homeSite, List<Outgoing> messages) {
        for (List<Outgoing> batch : wireBatches(messages, o -> o.audio().length)) {
            sendItems(homeSite, batch.stream().map(o -> new SiteBatch.Item(envelopeOf(o.message(), o.format()), o.audio())).toList());
        }
    }

    /** The items in order, cut into runs of at most WIRE_BATCH_BYTES (an item larger than that alone) and MAX_ITEMS. */
    static <T> List<List<T>> wireBatches(List<T> items, ToIntFunction<T> bytesOf) {
        List<List<T>> batches = new ArrayList<>();
        List<T> batch = new ArrayList<>();
        long bytes = 0;
        for (T item : items) {
            int size = bytesOf.applyAsInt(item);
            if (!batch.isEmpty() && (bytes + size > WIRE_BATCH_BYTES || batch.size() == SiteBatch.MAX_ITEMS)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(item);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private void sendItems(String homeSite, List<SiteBatch.Item> items) {
        metrics.forwarded(homeSite, items.size());
        if (items.size() == 1) {
            send(items.get(0).envelope(), items.get(0).audio(), items.get(0).envelope().duplicateId());
            return;
        }
        SiteBatch batch = new SiteBatch(SiteEnvelope.Kind.VOICE_MESSAGE, items.get(0).envelope().fromSite(), homeSite, items);
        send(homeSite, batch.toProperties(), batch.body(), batch.duplicateId(), batch.toString());
    }

    /** A voice message to send, with its audio in the format the audio is in. */
    public record Outgoing(VoiceMessage message, AudioFormat format, byte[] audio) {
    }

    private static SiteEnvelope envelopeOf(VoiceMessage m, AudioFormat format) {
        return SiteEnvelope.voiceMessage(m.getId(), m.getRecordingSite(), m.getHomeSite(), m.getExtension(), m.getCallerNumber(),
                m.getReceivedAt(), m.getDurationMillis(), format, m.getReason());
    }

    /** A greeting change, to one peer; the audio (null for a removal) is the body. */
    public void sendGreeting(SiteEnvelope greeting, byte[] audio) {
        send(greeting, audio, greeting.duplicateId());
    }

    public void sendReceipt(SiteEnvelope receipt) {
        send(receipt, null, null);
    }

    /** The receipts for one batch, in one JMS message (alone, a receipt travels as a single envelope). */
    public void sendReceipts(List<SiteEnvelope> receipts) {
        if (receipts.size() == 1) {
            sendReceipt(receipts.get(0));
        } else if (!receipts.isEmpty()) {
            SiteEnvelope first = receipts.get(0);
            SiteBatch batch = new SiteBatch(SiteEnvelope.Kind.RECEIPT, first.fromSite(), first.toSite(),
                    receipts.stream().map(r -> new SiteBatch.Item(r, new byte[0])).toList());
            send(first.toSite(), batch.toProperties(), null, null, batch.toString());
        }
    }

    private void send(SiteEnvelope envelope, byte[] body, String duplicateId) {
        send(envelope.toSite(), envelope.toProperties(), body, duplicateId, envelope.kind() + " " + envelope.messageId());
    }

    private void send(String toSite, Map<String, Object> properties, byte[] body, String duplicateId, String what) {
        Queue queue = queue(toSite);
        try {
            BytesMessage message = jms.createBytesMessage();
            if (body != null) {
                message.writeBytes(body);
            }
            for (Map.Entry<String, Object> p : properties.entrySet()) {
                message.setObjectProperty(p.getKey(), p.getValue());
            }
            if (duplicateId != null) {
                message.setStringProperty(DUPLICATE_ID, duplicateId);
            }
            jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(queue, message);
        } catch (JMSException e) {
            throw new IllegalStateException("could not send " + what + " to site " + toSite, e);
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
