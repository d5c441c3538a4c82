package org.homebound.voicemail.interfaces.messaging;

import java.io.IOException;
import java.io.OutputStream;
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
import org.homebound.voicemail.migration.SiteBatch;
import org.homebound.voicemail.migration.SiteEnvelope;
import org.homebound.voicemail.migration.SiteLink;
import org.jboss.logging.Logger;

/**
 * This site's inbound queue: voice messages and receipts from peer sites, alone or in batches,
 * delivered by their core bridges. Unreadable or invalid envelopes are logged and dropped (they would fail the same way
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
    /** Artemis: setting it to an OutputStream writes the whole body into that stream. */
    private static final String SAVE_STREAM = "JMS_AMQ_SaveStream";
    /** A batch (SiteBatch) is never read beyond this: its items each within MessageAudio's limit, and the batch within this. */
    private static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;

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
            Map<String, Object> properties = properties(message);
            // Which peer's door it came through, as this site's broker recorded it (never the sender's say-so).
            sentBy = SiteLink.peerOfDoor(message.getStringProperty(ORIGINAL_ADDRESS));
            if (SiteBatch.isBatch(properties)) {
                if (length > MAX_BATCH_BYTES) {
                    throw new SiteEnvelope.InvalidEnvelope("a batch of " + length + " bytes is more than the " + MAX_BATCH_BYTES + " one may have");
                }
                SiteBatch.Read batch = SiteBatch.fromProperties(properties, SiteBatch.carriesAudio(properties) ? body(bytes, (int) length) : new byte[0]);
                batch.rejected().forEach(why -> LOG.warnf("REJECTED %s in a batch on the inbound queue", why));
                if (batch.batch() != null) {
                    delivery.accept(batch.batch(), sentBy);
                }
                return;
            }
            // Checked (size included) before the body is read, so an oversized body is never loaded.
            envelope = SiteEnvelope.fromProperties(properties, length);
            audio = body(bytes, (int) length);
        } catch (SiteEnvelope.InvalidEnvelope e) {
            LOG.warnf("REJECTED envelope on the inbound queue: %s", e.getMessage());
            return;
        } catch (JMSException e) {
            throw new IllegalStateException("unreadable message on the inbound queue", e);
        }
        delivery.accept(envelope, audio, sentBy);
    }

    /**
     * The body, copied chunk by chunk through Artemis's save-stream property (for a large message,
     * readBytes copies byte by byte: measured at 45 % of the home site's CPU while a backlog drains).
     */
    private static byte[] body(BytesMessage message, int length) throws JMSException {
        Body body = new Body(length);
        message.setObjectProperty(SAVE_STREAM, body);
        if (body.filled != length) {
            throw new SiteEnvelope.InvalidEnvelope("the body has " + body.filled + " bytes, its length says " + length);
        }
        return body.bytes;
    }

    /** An output stream into an array of the announced length that refuses to grow past it. */
    private static final class Body extends OutputStream {
        private final byte[] bytes;
        private int filled;

        Body(int length) {
            bytes = new byte[length];
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > bytes.length - filled) {
                throw new IOException("more body than the " + bytes.length + " bytes announced");
            }
            System.arraycopy(b, off, bytes, filled, len);
            filled += len;
        }
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
