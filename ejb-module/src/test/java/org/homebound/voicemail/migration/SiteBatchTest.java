package org.homebound.voicemail.migration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.homebound.voicemail.domain.message.AudioFormat;
import org.junit.jupiter.api.Test;

class SiteBatchTest {

    private static SiteBatch.Item message(String extension, int millis) {
        SiteEnvelope e = SiteEnvelope.voiceMessage(UUID.randomUUID(), "berlin", "munich", extension, "+4930555100",
                Instant.ofEpochMilli(1_700_000_000_000L), millis, AudioFormat.G711_ULAW, "NO_ANSWER");
        byte[] audio = new byte[millis * 8];
        audio[0] = (byte) millis;
        return new SiteBatch.Item(e, audio);
    }

    private final List<SiteBatch.Item> items = List.of(message("3001", 1000), message("3002", 250), message("3001", 4000));
    private final SiteBatch batch = new SiteBatch(SiteEnvelope.Kind.VOICE_MESSAGE, "berlin", "munich", items);

    @Test
    void messagesAndTheirAudioSurviveTheWireInOrder() {
        SiteBatch.Read read = SiteBatch.fromProperties(batch.toProperties(), batch.body());
        assertEquals(List.of(), read.rejected());
        assertEquals(items.size(), read.batch().items().size());
        for (int i = 0; i < items.size(); i++) {
            assertEquals(items.get(i).envelope(), read.batch().items().get(i).envelope());
            assertArrayEquals(items.get(i).audio(), read.batch().items().get(i).audio(), "item " + i + "'s own bytes");
        }
        assertEquals("munich", read.batch().toSite());
    }

    @Test
    void receiptsSurviveTheWire() {
        List<SiteBatch.Item> receipts = new ArrayList<>();
        for (SiteBatch.Item item : items) {
            receipts.add(new SiteBatch.Item(SiteEnvelope.receipt(item.envelope().messageId(), "munich", "berlin", SiteEnvelope.Outcome.DELIVERED, null),
                    new byte[0]));
        }
        receipts.add(new SiteBatch.Item(SiteEnvelope.receipt(UUID.randomUUID(), "munich", "berlin", SiteEnvelope.Outcome.UNDELIVERABLE,
                "site munich has no mailbox 3009"), new byte[0]));
        SiteBatch sent = new SiteBatch(SiteEnvelope.Kind.RECEIPT, "munich", "berlin", receipts);
        // The broker may hand over a receipt's empty BytesMessage with a few bytes in it: they are not looked at.
        SiteBatch.Read read = SiteBatch.fromProperties(sent.toProperties(), new byte[4]);
        assertTrue(!SiteBatch.carriesAudio(sent.toProperties()) && SiteBatch.carriesAudio(batch.toProperties()));
        assertEquals(receipts.stream().map(SiteBatch.Item::envelope).toList(), read.batch().items().stream().map(SiteBatch.Item::envelope).toList());
    }

    @Test
    void theDuplicateIdFollowsTheItems() {
        assertEquals(batch.duplicateId(), new SiteBatch(SiteEnvelope.Kind.VOICE_MESSAGE, "berlin", "munich", items).duplicateId());
        assertNotEquals(batch.duplicateId(), new SiteBatch(SiteEnvelope.Kind.VOICE_MESSAGE, "berlin", "munich", items.subList(0, 2)).duplicateId());
    }

    @Test
    void aBadItemIsDroppedAloneAndNamed() {
        Map<String, Object> p = new HashMap<>(batch.toProperties());
        p.put(SiteEnvelope.EXTENSION + "_1", "30x2");
        SiteBatch.Read read = SiteBatch.fromProperties(p, batch.body());
        assertEquals(2, read.batch().items().size());
        assertEquals(1, read.rejected().size());
        String why = read.rejected().get(0);
        assertTrue(why.contains("item 1") && why.contains(items.get(1).envelope().messageId().toString()) && why.contains("not an extension"), why);
    }

    @Test
    void anItemWhoseAudioDoesNotLastItsDurationIsDropped() {
        Map<String, Object> p = new HashMap<>(batch.toProperties());
        p.put(SiteEnvelope.DURATION + "_0", 9000L);
        SiteBatch.Read read = SiteBatch.fromProperties(p, batch.body());
        assertEquals(List.of(items.get(1).envelope(), items.get(2).envelope()), read.batch().items().stream().map(SiteBatch.Item::envelope).toList());
        assertTrue(read.rejected().get(0).contains("does not last"), read.rejected().get(0));
    }

    @Test
    void aBatchWhoseFrameDoesNotAddUpIsRefusedWhole() {
        byte[] body = batch.body();
        assertTrue(assertThrows(SiteEnvelope.InvalidEnvelope.class, () -> SiteBatch.fromProperties(batch.toProperties(), new byte[body.length + 1]))
                .getMessage().contains("adds up to " + body.length));
        Map<String, Object> count = new HashMap<>(batch.toProperties());
        count.put(SiteBatch.COUNT, SiteBatch.MAX_ITEMS + 1);
        assertTrue(assertThrows(SiteEnvelope.InvalidEnvelope.class, () -> SiteBatch.fromProperties(count, body)).getMessage().contains("hbCount"));
        Map<String, Object> negative = new HashMap<>(batch.toProperties());
        negative.put(SiteBatch.AUDIO_LENGTH + "_2", -8);
        assertTrue(assertThrows(SiteEnvelope.InvalidEnvelope.class, () -> SiteBatch.fromProperties(negative, body)).getMessage()
                .contains("hbAudioLength_2"));
        Map<String, Object> kind = new HashMap<>(batch.toProperties());
        kind.put(SiteEnvelope.KIND, "GREETING_BATCH");
        assertTrue(assertThrows(SiteEnvelope.InvalidEnvelope.class, () -> SiteBatch.fromProperties(kind, body)).getMessage().contains("not a batch"));
    }

    @Test
    void aBatchOfOnlyBadItemsHoldsNothing() {
        Map<String, Object> p = new HashMap<>(batch.toProperties());
        for (int i = 0; i < items.size(); i++) {
            p.put(SiteEnvelope.MESSAGE_ID + "_" + i, "forged");
        }
        SiteBatch.Read read = SiteBatch.fromProperties(p, batch.body());
        assertNull(read.batch());
        assertEquals(items.size(), read.rejected().size());
    }

    @Test
    void everyItemIsOfTheBatchsKindAndBetweenItsSites() {
        List<SiteBatch.Item> mixed = List.of(items.get(0), new SiteBatch.Item(
                SiteEnvelope.receipt(UUID.randomUUID(), "berlin", "munich", SiteEnvelope.Outcome.DELIVERED, null), new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new SiteBatch(SiteEnvelope.Kind.VOICE_MESSAGE, "berlin", "munich", mixed));
        assertThrows(IllegalArgumentException.class, () -> new SiteBatch(SiteEnvelope.Kind.VOICE_MESSAGE, "berlin", "hamburg", items));
        assertThrows(IllegalArgumentException.class, () -> new SiteBatch(SiteEnvelope.Kind.GREETING, "berlin", "munich", items));
        assertThrows(IllegalArgumentException.class, () -> new SiteBatch(SiteEnvelope.Kind.VOICE_MESSAGE, "berlin", "munich", List.of()));
    }

    @Test
    void onlyBatchKindsAreBatches() {
        assertTrue(SiteBatch.isBatch(batch.toProperties()));
        assertTrue(SiteBatch.isBatch(Map.of(SiteEnvelope.KIND, "RECEIPT_BATCH")));
        assertTrue(!SiteBatch.isBatch(items.get(0).envelope().toProperties()) && !SiteBatch.isBatch(Map.of())
                && !SiteBatch.isBatch(Map.of(SiteEnvelope.KIND, 7)));
    }
}
