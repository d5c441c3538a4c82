package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.audio.OggOpus;
import org.homebound.telephony.audio.Wav;
import org.homebound.it.peers.Speech;
import org.homebound.telephony.testing.SipTestPhone;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deposits through the SIP trunk of the deployed EAR: the resource adapter, the call-status
 * MDB, storage in PostgreSQL and playback through the REST API, with a scripted SIP phone.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SipDepositIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    /** Stands in for the phones' lamps: every message-waiting NOTIFY the site sends arrives here. */
    @RegisterExtension
    static final Lamps lamps = new Lamps();

    @Test
    void divertedCallIsRecordedStoredAndPlayedBack() throws Exception {
        Api.createMailbox("4001", "Alice", "1234", 10);
        Api alice = Api.as("4001", "1234");
        double heardRms;
        try (SipTestPhone phone = Calls.phone()) {
            SipTestPhone.Call call = Calls.divertedTo(phone, "4001", "1000");
            assertEquals(200, call.awaitFinal(Duration.ofSeconds(10)).status());
            call.ack();
            Calls.awaitEndOfGreeting(phone, "4001");
            heardRms = SipTestPhone.rms(AudioEncoding.PCMU, phone.heard());
            phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, Duration.ofSeconds(3), 8000));
            call.bye();
        }
        assertTrue(heardRms > 1000, "the caller heard the greeting (RMS " + heardRms + ")");

        JsonObject message = Calls.awaitMessages(alice, "4001", 1).getJsonObject(0);
        assertEquals("1000", message.getString("from"));
        assertEquals("STORED", message.getString("state"));
        assertEquals("it", message.getString("recordingSite"));
        assertEquals("NO_ANSWER", message.getString("reason"));
        assertTrue(Math.abs(message.getJsonNumber("durationMillis").longValue() - 3000) <= 300, message.toString());
        assertEquals(false, message.getBoolean("heard"));
        String id = message.getString("id");

        HttpResponse<byte[]> wav = alice.bytes("/mailboxes/4001/messages/" + id + "/audio", null);
        assertEquals(200, wav.statusCode());
        assertEquals("audio/wav", wav.headers().firstValue("Content-Type").orElse(""));
        short[] pcm = Wav.decode(wav.body());
        assertTrue(Math.abs(pcm.length - 24000) <= 2400, "3 s at 8 kHz, got " + pcm.length + " samples");
        assertTrue(Speech.rms(pcm) > 3000, "the stored audio is what the caller sent, not silence");

        HttpResponse<byte[]> part = alice.bytes("/mailboxes/4001/messages/" + id + "/audio", "bytes=0-43");
        assertEquals(206, part.statusCode());
        assertEquals(44, part.body().length);
        assertEquals("bytes 0-43/" + wav.body().length, part.headers().firstValue("Content-Range").orElse(""));

        assertStoredCompressedAndServedBothWays(alice, id, pcm.length);

        assertTrue(lamps.await("4001", "1/0").body().contains("Messages-Waiting: yes"), "lamp on after the deposit");
        assertTrue(alice.object("POST", "/mailboxes/4001/messages/" + id + "/heard", null, 200).getBoolean("heard"));
        assertTrue(lamps.await("4001", "0/1").body().contains("Messages-Waiting: no"), "lamp off once heard");
        assertEquals(204, alice.send("DELETE", "/mailboxes/4001/messages/" + id, null).statusCode());
        lamps.await("4001", "0/0");
        assertEquals(0, alice.array("/mailboxes/4001/messages").size());
        JsonArray deleted = alice.array("/mailboxes/4001/messages/deleted");
        assertEquals(id, deleted.getJsonObject(0).getString("id"), "a deleted message waits among the deleted ones for an undo");
        JsonObject restored = alice.object("POST", "/mailboxes/4001/messages/" + id + "/restore", null, 200);
        assertTrue(restored.get("deletedAt") == null || restored.isNull("deletedAt"), restored.toString());
        lamps.await("4001", "0/1");
        assertEquals(1, alice.array("/mailboxes/4001/messages").size(), "undo brings it back as it was (heard)");
        assertFalse(alice.object("POST", "/mailboxes/4001/messages/" + id + "/new", null, 200).getBoolean("heard"));
        assertTrue(lamps.await("4001", "1/0").body().contains("Messages-Waiting: yes"), "marked new again: the lamp is back on");
    }

    @Test
    void callsThatAreNotForVoicemailAreRefusedWithTheRightCode() throws Exception {
        Api.createMailbox("4002", "Bob", "1234", 10);
        Api.admin().object("POST", "/admin/mailboxes/4002/disable", null, 200);
        try (SipTestPhone phone = Calls.phone()) {
            assertEquals(404, Calls.divertedTo(phone, "4999", "1000").awaitFinal(Duration.ofSeconds(10)).status(), "unknown mailbox");
            SipTestPhone.Message disabled = Calls.divertedTo(phone, "4002", "1000").awaitFinal(Duration.ofSeconds(10));
            assertEquals(480, disabled.status());
            assertTrue(disabled.startLine().contains("Disabled"), disabled.startLine());
            SipTestPhone.Call pilot = phone.invite(Calls.TRUNK, "sip:4002@127.0.0.1", "sip:8000@127.0.0.1", Map.of(), AudioEncoding.PCMA);
            assertEquals(200, pilot.awaitFinal(Duration.ofSeconds(10)).status(), "a direct call to the pilot is the phone menu, not refused");
            pilot.ack();
            pilot.bye();
            assertEquals(200, pilot.awaitResponse("BYE", Duration.ofSeconds(5)).status());
        }
    }

    /**
     * The set-up decision comes from a cache (callstatus.MailboxAdmission); it must follow every
     * change at once: a call right after the change that disables, enables, fills or empties the
     * mailbox is decided by the new state, though the call before had put the old one in the cache.
     */
    @Test
    void theSetUpDecisionFollowsEachChangeOfTheMailboxAtOnce() throws Exception {
        Api.createMailbox("4008", "Hal", "1234", 1);
        Api hal = Api.as("4008", "1234");
        try (SipTestPhone phone = Calls.phone()) {
            assertEquals(200, answeredAndHungUp(phone, "4008"), "a mailbox with room takes the call (and is now cached)");
            Api.admin().object("POST", "/admin/mailboxes/4008/disable", null, 200);
            assertEquals(480, Calls.divertedTo(phone, "4008", "1000").awaitFinal(Duration.ofSeconds(10)).status(),
                    "disabled a moment ago: refused");
            Api.admin().object("POST", "/admin/mailboxes/4008/enable", null, 200);
            assertEquals(200, answeredAndHungUp(phone, "4008"), "enabled a moment ago: taken");
        }
        Calls.leaveMessage("4008", "1001", Duration.ofMillis(800));
        String id = Calls.awaitMessages(hal, "4008", 1).getJsonObject(0).getString("id");
        try (SipTestPhone phone = Calls.phone()) {
            SipTestPhone.Message full = Calls.divertedTo(phone, "4008", "1002").awaitFinal(Duration.ofSeconds(10));
            assertEquals(480, full.status(), "full since its one message was stored");
            assertTrue(full.startLine().contains("Full"), full.startLine());
            assertEquals(204, hal.send("DELETE", "/mailboxes/4008/messages/" + id, null).statusCode());
            assertEquals(200, answeredAndHungUp(phone, "4008"), "room again the moment the message is deleted");
        }
    }

    /** A diverted call's final answer; if it was taken, the caller hangs up at once (too short to be a message). */
    private static int answeredAndHungUp(SipTestPhone phone, String extension) throws Exception {
        SipTestPhone.Call call = Calls.divertedTo(phone, extension, "1000");
        int status = call.awaitFinal(Duration.ofSeconds(10)).status();
        if (status == 200) {
            call.ack();
            call.bye();
            assertEquals(200, call.awaitResponse("BYE", Duration.ofSeconds(5)).status());
        }
        return status;
    }

    @Test
    void fullMailboxTurnsCallersAway() throws Exception {
        Api.createMailbox("4003", "Carol", "1234", 1);
        Calls.leaveMessage("4003", "1001", Duration.ofMillis(800));
        Calls.awaitMessages(Api.as("4003", "1234"), "4003", 1);
        try (SipTestPhone phone = Calls.phone()) {
            SipTestPhone.Message full = Calls.divertedTo(phone, "4003", "1002").awaitFinal(Duration.ofSeconds(10));
            assertEquals(480, full.status());
            assertTrue(full.startLine().contains("Full"), full.startLine());
        }
    }

    @Test
    void historyInfoAndE164NumbersReachTheMailboxAndAnEarlyHangUpLeavesNoMessage() throws Exception {
        Api.createMailbox("4004", "Dave", "1234", 10);
        try (SipTestPhone phone = Calls.phone()) {
            SipTestPhone.Call call = phone.invite(Calls.TRUNK, "sip:+491701234@127.0.0.1", "sip:+49305554004@127.0.0.1",
                    Map.of("History-Info", "<sip:+49305554004@127.0.0.1?Reason=SIP%3Bcause%3D486>;index=1, <sip:8000@127.0.0.1>;index=1.1"),
                    AudioEncoding.PCMA);
            assertEquals(200, call.awaitFinal(Duration.ofSeconds(10)).status());
            call.ack();
            Thread.sleep(500);
            call.bye(); // hangs up during the greeting
            assertNotNull(phone.await(call.callId, Duration.ofSeconds(5)));
        }
        Thread.sleep(1500);
        assertEquals(0, Api.as("4004", "1234").array("/mailboxes/4004/messages").size());
    }

    /** A hang-up right after the tone (0.3 s of sound) is not a message: nothing stored, no lamp. */
    @Test
    void aRecordingShorterThanTheMinimumIsNotAMessage() throws Exception {
        Api.createMailbox("4007", "Gina", "1234", 10);
        Calls.leaveMessage("4007", "1008", Duration.ofMillis(300));
        Calls.leaveMessage("4007", "1009", Duration.ofSeconds(1));
        JsonArray messages = Calls.awaitMessages(Api.as("4007", "1234"), "4007", 1);
        assertEquals(1, messages.size());
        assertEquals("1009", messages.getJsonObject(0).getString("from"), "only the real message, the short one is dropped");
    }

    @Test
    void malformedSignallingIsAnsweredOrDroppedAndTheTrunkKeepsWorking() throws Exception {
        Api.createMailbox("4005", "Erin", "1234", 10);
        try (SipTestPhone phone = Calls.phone()) {
            phone.send(new byte[] {0x16, 0x03, 0x01, 0, 0, 1, 2, 3}); // a TLS hello on the wrong port
            phone.send("INVITE sip:8000@127.0.0.1 SIP/2.0\r\n\r\n");
            phone.send("OPTIONS sip:8000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKx\r\nCSeq: banana\r\n\r\n");
            SipTestPhone.Call badSdp = phone.inviteWithBody(Calls.TRUNK, "sip:1@127.0.0.1", "sip:4005@127.0.0.1", "v=0\r\nm=audio x RTP/AVP 0\r\n");
            assertEquals(400, badSdp.awaitFinal(Duration.ofSeconds(10)).status());
            SipTestPhone.Call video = phone.inviteWithBody(Calls.TRUNK, "sip:1@127.0.0.1", "sip:4005@127.0.0.1",
                    "v=0\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video 4000 RTP/AVP 96\r\n");
            assertEquals(488, video.awaitFinal(Duration.ofSeconds(10)).status());
        }
        Calls.leaveMessage("4005", "1003", Duration.ofSeconds(1));
        assertEquals(1, Calls.awaitMessages(Api.as("4005", "1234"), "4005", 1).size());
    }

    @Test
    void concurrentDepositsIntoOneMailboxAllArrive() throws Exception {
        Api.createMailbox("4006", "Frank", "1234", 100);
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String caller = "10" + (10 + i);
                calls.add(pool.submit(() -> {
                    Calls.leaveMessage("4006", caller, Duration.ofSeconds(1));
                    return null;
                }));
            }
            for (Future<?> f : calls) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        JsonArray messages = Calls.awaitMessages(Api.as("4006", "1234"), "4006", callers);
        assertEquals(callers, messages.size());
        Set<String> ids = new HashSet<>();
        Set<String> from = new HashSet<>();
        for (var v : messages) {
            ids.add(((JsonObject) v).getString("id"));
            from.add(((JsonObject) v).getString("from"));
        }
        assertEquals(callers, ids.size(), "every message has its own id");
        assertEquals(callers, from.size(), "every caller's message is there");
    }

    /**
     * Claim 11: the message, stored as recorded, is compressed to Ogg Opus in the background; it
     * is then served as Ogg (Accept: audio/ogg, the stored bytes) and still as WAV of the same length.
     */
    private static void assertStoredCompressedAndServedBothWays(Api owner, String id, int samples) throws Exception {
        String path = "/mailboxes/4001/messages/" + id;
        JsonObject compressed = Await.poll(() -> owner.object("GET", path, null, 200), m -> m.getString("audioFormat").equals("OGG_OPUS"),
                200, Duration.ofSeconds(30), "compression of message " + id);
        long millis = compressed.getJsonNumber("durationMillis").longValue();
        Map.Entry<String, Long> row = storedAudio(UUID.fromString(id));
        assertEquals("OGG_OPUS", row.getKey(), "PostgreSQL holds the format with the bytes");
        double kilobytesPerMinute = row.getValue() / 1000.0 / (millis / 60_000.0);
        assertTrue(kilobytesPerMinute <= 90, "stored at " + kilobytesPerMinute + " KB per minute");

        HttpResponse<byte[]> ogg = owner.bytes(path + "/audio", null, "audio/ogg");
        assertEquals(200, ogg.statusCode());
        assertEquals("audio/ogg", ogg.headers().firstValue("Content-Type").orElse(""));
        assertTrue(ogg.headers().firstValue("Vary").orElse("").contains("Accept"));
        assertEquals(row.getValue(), ogg.body().length, "the Ogg file is the stored audio");
        short[] fromOgg = OggOpus.decode(ogg.body());
        assertEquals(samples, fromOgg.length);
        assertTrue(Speech.rms(fromOgg) > 3000, "the compressed audio is still what the caller sent");
        HttpResponse<byte[]> capture = owner.bytes(path + "/audio", "bytes=0-3", "audio/ogg");
        assertEquals(206, capture.statusCode());
        assertEquals("OggS", new String(capture.body(), StandardCharsets.US_ASCII));

        HttpResponse<byte[]> wav = owner.bytes(path + "/audio", null, "audio/wav;q=0.9, audio/ogg;q=0.5");
        assertEquals("audio/wav", wav.headers().firstValue("Content-Type").orElse(""));
        assertEquals(samples, Wav.decode(wav.body()).length, "WAV from the compressed message lasts as long as before");
        assertEquals(406, owner.bytes(path + "/audio", null, "text/plain").statusCode());
    }

    private static Map.Entry<String, Long> storedAudio(UUID id) throws Exception {
        try (Connection c = DriverManager.getConnection(System.getProperty("it.db.url"), System.getProperty("it.db.user"),
                System.getenv("HOMEBOUND_DB_PASSWORD"));
             PreparedStatement s = c.prepareStatement("SELECT format, length(data) FROM message_audio WHERE message_id = ?")) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "no audio row for " + id);
                return Map.entry(r.getString(1), r.getLong(2));
            }
        }
    }
}
