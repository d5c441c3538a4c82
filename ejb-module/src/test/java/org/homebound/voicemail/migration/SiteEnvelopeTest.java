package org.homebound.voicemail.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.homebound.voicemail.domain.greeting.Greeting;
import org.homebound.voicemail.domain.message.AudioFormat;
import org.homebound.voicemail.domain.message.MessageAudio;
import org.junit.jupiter.api.Test;

class SiteEnvelopeTest {

    private final UUID id = UUID.randomUUID();
    private final SiteEnvelope message = SiteEnvelope.voiceMessage(id, "berlin", "munich", "3001", "+4930555100",
            Instant.ofEpochMilli(1_700_000_000_000L), 4000, AudioFormat.G711_ULAW, "NO_ANSWER");

    @Test
    void voiceMessageAndReceiptSurviveTheWire() {
        assertEquals(message, SiteEnvelope.fromProperties(message.toProperties(), 32_000));
        SiteEnvelope receipt = SiteEnvelope.receipt(id, "munich", "berlin", SiteEnvelope.Outcome.UNDELIVERABLE, "no mailbox 3001");
        assertEquals(receipt, SiteEnvelope.fromProperties(receipt.toProperties(), 0));
    }

    @Test
    void duplicateIdIsTheMessageId() {
        assertTrue(message.duplicateId().contains(id.toString()));
    }

    @Test
    void everyProblemIsNamed() {
        Map<String, Object> p = new HashMap<>(message.toProperties());
        p.put(SiteEnvelope.MESSAGE_ID, "not-a-uuid");
        p.put(SiteEnvelope.FROM, "../etc");
        p.put(SiteEnvelope.EXTENSION, "30x1");
        p.put(SiteEnvelope.FORMAT, "MP3");
        p.put(SiteEnvelope.DURATION, -5L);
        String problems = assertThrows(SiteEnvelope.InvalidEnvelope.class, () -> SiteEnvelope.fromProperties(p, 100)).getMessage();
        for (String expected : new String[] {"not a UUID", "not a site id", "not an extension", "MP3", "non-negative"}) {
            assertTrue(problems.contains(expected), () -> problems + " should mention " + expected);
        }
    }

    @Test
    void audioMustBePresentWithinLimitsAndMatchTheDuration() {
        Map<String, Object> p = message.toProperties();
        assertTrue(assertThrows(SiteEnvelope.InvalidEnvelope.class, () -> SiteEnvelope.fromProperties(p, 0)).getMessage().contains("no audio"));
        assertTrue(assertThrows(SiteEnvelope.InvalidEnvelope.class, () -> SiteEnvelope.fromProperties(p, MessageAudio.MAX_BYTES + 1L))
                .getMessage().contains("more than"));
        assertTrue(assertThrows(SiteEnvelope.InvalidEnvelope.class, () -> SiteEnvelope.fromProperties(p, 8_000))
                .getMessage().contains("does not last"));
    }

    @Test
    void greetingChangesSurviveTheWireAndTravelCompressedWithinTheirLimit() {
        Instant changed = Instant.ofEpochMilli(1_700_000_123_000L);
        SiteEnvelope set = SiteEnvelope.greeting("munich", "berlin", "3001", changed, 4200, AudioFormat.OGG_OPUS);
        SiteEnvelope read = SiteEnvelope.fromProperties(set.toProperties(), 5000);
        assertEquals(SiteEnvelope.Kind.GREETING, read.kind());
        assertEquals(set.messageId(), read.messageId());
        assertEquals("3001", read.extension());
        assertEquals(changed, read.receivedAt());
        assertEquals(4200, read.durationMillis());
        SiteEnvelope removed = SiteEnvelope.greetingRemoved("munich", "berlin", "3001", changed);
        assertEquals(removed, SiteEnvelope.fromProperties(removed.toProperties(), 0));

        Map<String, Object> g711 = new HashMap<>(set.toProperties());
        g711.put(SiteEnvelope.FORMAT, AudioFormat.G711_ULAW.name());
        assertTrue(assertThrows(SiteEnvelope.InvalidEnvelope.class, () -> SiteEnvelope.fromProperties(g711, 33_600))
                .getMessage().contains("travels compressed"));
        assertTrue(assertThrows(SiteEnvelope.InvalidEnvelope.class, () -> SiteEnvelope.fromProperties(set.toProperties(), Greeting.MAX_BYTES + 1L))
                .getMessage().contains("more than"));
        assertTrue(assertThrows(SiteEnvelope.InvalidEnvelope.class, () -> SiteEnvelope.fromProperties(set.toProperties(), 0))
                .getMessage().contains("no audio"));
    }

    @Test
    void unknownKindIsRefused() {
        Map<String, Object> p = new HashMap<>(message.toProperties());
        p.put(SiteEnvelope.KIND, "DELETE_EVERYTHING");
        assertThrows(SiteEnvelope.InvalidEnvelope.class, () -> SiteEnvelope.fromProperties(p, 32_000));
    }
}
