package org.homebound.voicemail.migration;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Several voice messages, or the receipts for them, in one JMS message between two sites: a
 * backlog drains with one transaction per batch at each end instead of one per message (the
 * forwarder's sends, the home site's stores and its receipt, the recording site's confirmations).
 * Each item is a {@link SiteEnvelope} whose properties carry the suffix "_i"; the body is the
 * items' audio one after the other, each item saying how many bytes are its own.
 *
 * <p>Everything is checked before any of it is believed: the count, that the lengths add up to
 * the body, and each item as a single envelope is. An item that fails is dropped alone (and named
 * in the log); a batch whose frame does not add up is dropped whole. A single message or receipt
 * still travels alone, as before batches existed, so a site that does not know batches yet (during
 * an upgrade) gets what the recording site re-sends, one by one, once no receipt came.
 */
public record SiteBatch(SiteEnvelope.Kind itemKind, String fromSite, String toSite, List<Item> items) {

    /** At most this many items in one batch (the forwarder sends 25 by default). */
    public static final int MAX_ITEMS = 100;

    static final String COUNT = "hbCount";
    static final String AUDIO_LENGTH = "hbAudioLength";
    /** Between a property's name and its item's index: JMS property names are Java identifiers, so no dot. */
    static final String INDEX = "_";

    /** One envelope and its audio (empty for a receipt: a receipt batch carries no audio lengths, and its body is ignored). */
    public record Item(SiteEnvelope envelope, byte[] audio) {
    }

    /** The JMS kind of a batch of the given items. */
    enum BatchKind {
        VOICE_BATCH(SiteEnvelope.Kind.VOICE_MESSAGE), RECEIPT_BATCH(SiteEnvelope.Kind.RECEIPT);

        final SiteEnvelope.Kind items;

        BatchKind(SiteEnvelope.Kind items) {
            this.items = items;
        }

        static BatchKind of(SiteEnvelope.Kind items) {
            for (BatchKind k : values()) {
                if (k.items == items) {
                    return k;
                }
            }
            throw new IllegalArgumentException(items + " does not travel in batches");
        }
    }

    public SiteBatch {
        BatchKind.of(itemKind);
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_ITEMS + " items, not " + items.size());
        }
        for (Item item : items) {
            SiteEnvelope e = item.envelope();
            if (e.kind() != itemKind || !e.fromSite().equals(fromSite) || !e.toSite().equals(toSite)) {
                throw new IllegalArgumentException("every item of a batch is a " + itemKind + " from " + fromSite + " to " + toSite + ", not " + e);
            }
        }
    }

    /** Whether a message with these properties is a batch (its hbKind says so). */
    public static boolean isBatch(Map<String, ?> properties) {
        Object kind = properties.get(SiteEnvelope.KIND);
        for (BatchKind k : BatchKind.values()) {
            if (k.name().equals(kind)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a batch with these properties carries audio in its body (voice messages do, receipts do not). */
    public static boolean carriesAudio(Map<String, ?> properties) {
        return BatchKind.VOICE_BATCH.name().equals(properties.get(SiteEnvelope.KIND));
    }

    /** Broker duplicate detection: derived from the items' ids, so the same batch sent twice is stored once. */
    public String duplicateId() {
        ByteBuffer ids = ByteBuffer.allocate(16 * items.size());
        for (Item item : items) {
            ids.putLong(item.envelope().messageId().getMostSignificantBits()).putLong(item.envelope().messageId().getLeastSignificantBits());
        }
        return BatchKind.of(itemKind) + ":" + UUID.nameUUIDFromBytes(ids.array()) + ":" + items.size();
    }

    public Map<String, Object> toProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(SiteEnvelope.KIND, BatchKind.of(itemKind).name());
        p.put(SiteEnvelope.FROM, fromSite);
        p.put(SiteEnvelope.TO, toSite);
        p.put(COUNT, items.size());
        for (int i = 0; i < items.size(); i++) {
            for (Map.Entry<String, Object> e : items.get(i).envelope().toProperties().entrySet()) {
                if (!COMMON.contains(e.getKey())) {
                    p.put(e.getKey() + INDEX + i, e.getValue());
                }
            }
            if (itemKind == SiteEnvelope.Kind.VOICE_MESSAGE) {
                p.put(AUDIO_LENGTH + INDEX + i, items.get(i).audio().length);
            }
        }
        return p;
    }

    /** The items' audio, one after the other: the body of the JMS message. */
    public byte[] body() {
        int length = 0;
        for (Item item : items) {
            length += item.audio().length;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        items.forEach(item -> body.put(item.audio()));
        return body.array();
    }

    private static final List<String> COMMON = List.of(SiteEnvelope.KIND, SiteEnvelope.FROM, SiteEnvelope.TO);

    /** What a batch read from the wire holds: the items that passed their checks, and why each other one did not. */
    public record Read(SiteBatch batch, List<String> rejected) {
    }

    /**
     * Reads and checks a batch whose body has already been read. Receipts have no audio: their
     * body is not looked at (the broker may hand over an empty BytesMessage with a few bytes in it).
     *
     * @throws SiteEnvelope.InvalidEnvelope if the batch itself is malformed (nothing of it is believed)
     */
    public static Read fromProperties(Map<String, ?> p, byte[] body) {
        Object kindName = p.get(SiteEnvelope.KIND);
        BatchKind kind;
        try {
            kind = BatchKind.valueOf(String.valueOf(kindName));
        } catch (IllegalArgumentException e) {
            throw new SiteEnvelope.InvalidEnvelope(SiteEnvelope.KIND + " '" + kindName + "' is not a batch");
        }
        if (!(p.get(COUNT) instanceof Integer count) || count < 1 || count > MAX_ITEMS) {
            throw new SiteEnvelope.InvalidEnvelope(COUNT + " must be 1 to " + MAX_ITEMS + ", not " + p.get(COUNT));
        }
        boolean receipts = kind.items == SiteEnvelope.Kind.RECEIPT;
        int[] lengths = new int[count];
        long total = 0;
        for (int i = 0; i < count && !receipts; i++) {
            Object length = p.get(AUDIO_LENGTH + INDEX + i);
            if (!(length instanceof Integer n) || n < 0) {
                throw new SiteEnvelope.InvalidEnvelope(AUDIO_LENGTH + INDEX + i + " must be a non-negative whole number, not " + length);
            }
            lengths[i] = n;
            total += n;
        }
        if (!receipts && total != body.length) {
            throw new SiteEnvelope.InvalidEnvelope("the items' audio adds up to " + total + " bytes, the body has " + body.length);
        }
        List<Item> items = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        String from = null;
        String to = null;
        int offset = 0;
        for (int i = 0; i < count; i++) {
            Map<String, Object> one = new HashMap<>();
            one.put(SiteEnvelope.KIND, kind.items.name());
            for (String common : List.of(SiteEnvelope.FROM, SiteEnvelope.TO)) {
                one.put(common, p.get(common));
            }
            String suffix = INDEX + i;
            for (Map.Entry<String, ?> e : p.entrySet()) {
                if (e.getKey().endsWith(suffix) && !e.getKey().startsWith(AUDIO_LENGTH + INDEX)) {
                    one.put(e.getKey().substring(0, e.getKey().length() - suffix.length()), e.getValue());
                }
            }
            byte[] audio = new byte[lengths[i]];
            System.arraycopy(body, offset, audio, 0, lengths[i]);
            offset += lengths[i];
            try {
                SiteEnvelope envelope = SiteEnvelope.fromProperties(one, receipts ? -1 : audio.length);
                from = envelope.fromSite();
                to = envelope.toSite();
                items.add(new Item(envelope, audio)); // a receipt's: empty
            } catch (SiteEnvelope.InvalidEnvelope e) {
                rejected.add("item " + i + " (" + one.get(SiteEnvelope.MESSAGE_ID) + "): " + e.getMessage());
            }
        }
        return new Read(items.isEmpty() ? null : new SiteBatch(kind.items, from, to, items), rejected);
    }

    /** For log lines: "VOICE_BATCH of 25 from a to b". */
    @Override
    public String toString() {
        return BatchKind.of(itemKind) + " of " + items.size() + " from " + fromSite + " to " + toSite;
    }
}
