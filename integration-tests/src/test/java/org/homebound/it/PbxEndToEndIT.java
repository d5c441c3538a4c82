package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.homebound.it.peers.Baresip;
import org.homebound.it.peers.Kamailio;
import org.homebound.it.peers.Speech;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.audio.Wav;
import org.homebound.telephony.testing.SipTestPhone;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole path with real third-party SIP software: baresip calls through Kamailio, Kamailio
 * diverts to Homebound, the caller hears the greeting and speaks, and the owner plays the message
 * through the REST API.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PbxEndToEndIT {

    private static final Path WORK = Path.of(System.getProperty("it.work.dir"), "pbx");
    private static final int KAMAILIO = Integer.getInteger("it.kamailio.port");
    private static final String PROXY = "sip:127.0.0.1:" + KAMAILIO;
    private static Kamailio pbx;

    @RegisterExtension
    static final FailureReport REPORT = new FailureReport(() -> pbx == null ? "(no PBX)" : "kamailio:\n" + pbx.logTail(30));

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    @BeforeAll
    static void startPbx() throws Exception {
        pbx = Kamailio.start(WORK.resolve("kamailio"), KAMAILIO, Calls.SIP_PORT, "8000");
    }

    @AfterAll
    static void stopPbx() {
        if (pbx != null) {
            pbx.close();
        }
    }

    /** What a caller leaves between the tone and the first word. */
    private static final Duration BREATH = Duration.ofSeconds(1);

    /**
     * Behaves like a person leaving a message: listens until the greeting and tone are over, draws
     * breath, speaks the WAV (baresip switches its microphone to the file) and hangs up once all
     * of it is on the wire. Nothing here is timed by the clock: a stalled machine delays, it does
     * not cut.
     */
    private static void speakAfterTheTone(Baresip caller, Duration greeting, Path speech) throws Exception {
        caller.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(15));
        caller.awaitHeard(greeting, Duration.ofSeconds(30));
        Path breathFirst = Speech.precededBySilence(speech, BREATH);
        caller.speak(breathFirst, Speech.duration(breathFirst), Duration.ofSeconds(60));
        caller.command("hangup", "");
        caller.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }

    /**
     * All that was said is in what was stored: its speech, from the first word to the end of the
     * last, lasts as long as the WAV's (the silence around it is the caller's pause and the
     * server's 300 ms after the last word); the stated duration is the audio's.
     */
    private static void assertAllOfItKept(JsonObject message, byte[] storedWav, Path said) throws Exception {
        short[] stored = Wav.decode(storedWav);
        Duration spoken = Speech.voicedSpan(Wav.decode(Files.readAllBytes(said)));
        Duration kept = Speech.voicedSpan(stored);
        assertTrue(kept.minus(spoken).abs().toMillis() <= 200, "kept " + kept.toMillis() + " ms of speech of " + spoken.toMillis() + " ms said");
        long stated = message.getJsonNumber("durationMillis").longValue();
        assertTrue(Math.abs(stated - stored.length / 8) <= 100, "stated " + stated + " ms for " + stored.length / 8 + " ms of audio");
        assertTrue(Speech.rms(stored) > 1000, "stored audio is speech, RMS " + Speech.rms(stored));
    }

    @Test
    void unregisteredExtensionIsDivertedAndTheSpokenMessageIsStored() throws Exception {
        Api.createMailbox("2001", "Alice", "2468", 10);
        Path wav = Speech.say(WORK, "to-alice", "Hello Alice, this is Bob from accounting. Please call me back about the quarterly report.");

        Baresip caller = Baresip.start(WORK.resolve("caller-alice"), 25110, "<sip:1000@127.0.0.1>;regint=0;outbound=\"" + PROXY + "\";audio_codecs=PCMU", null);
        try (caller) {
            caller.command("dial", "sip:2001@127.0.0.1");
            speakAfterTheTone(caller, Calls.greeting("2001"), wav);
        }

        JsonObject message = Calls.awaitMessages(Api.as("2001", "2468"), "2001", 1).getJsonObject(0);
        assertEquals("1000", message.getString("from"));
        assertEquals("UNAVAILABLE", message.getString("reason"), "Kamailio's Diversion reason");
        HttpResponse<byte[]> audio = Api.as("2001", "2468").bytes("/mailboxes/2001/messages/" + message.getString("id") + "/audio", null);
        assertEquals(200, audio.statusCode());
        assertAllOfItKept(message, audio.body(), wav);

        List<Path> heard = caller.received();
        assertEquals(1, heard.size(), "one recording of what the caller heard");
        short[] greetingHeard = Wav.decode(Files.readAllBytes(heard.get(0)));
        assertTrue(Speech.rms(greetingHeard) > 1000, "the caller heard the greeting, RMS " + Speech.rms(greetingHeard));
        Duration greeting = Calls.greeting("2001");
        assertTrue(Math.abs(greetingHeard.length / 8 - greeting.toMillis()) <= 500,
                "heard " + greetingHeard.length / 8 + " ms of a " + greeting.toMillis() + " ms greeting");
    }

    @Test
    void registeredPhoneThatDoesNotAnswerIsDivertedAfterTheRingTimeout() throws Exception {
        Api.createMailbox("2002", "Bob", "1357", 10);
        Path wav = Speech.say(WORK, "to-bob", "Bob, the meeting moved to three o'clock.");

        try (Baresip phone = Baresip.start(WORK.resolve("phone-bob"), 25120,
                "<sip:2002@127.0.0.1>;regint=300;outbound=\"" + PROXY + "\";audio_codecs=PCMU;answermode=manual", null)) {
            phone.awaitEvent("REGISTER_OK", Duration.ofSeconds(10));
            try (Baresip caller = Baresip.start(WORK.resolve("caller-bob"), 25130,
                    "<sip:1001@127.0.0.1>;regint=0;outbound=\"" + PROXY + "\";audio_codecs=PCMU", null)) {
                caller.command("dial", "sip:2002@127.0.0.1");
                phone.awaitEvent("CALL_INCOMING", Duration.ofSeconds(10)); // Bob's phone rings, nobody answers
                speakAfterTheTone(caller, Calls.greeting("2002"), wav);
            }
        }

        JsonObject message = Calls.awaitMessages(Api.as("2002", "1357"), "2002", 1).getJsonObject(0);
        assertEquals("1001", message.getString("from"));
        assertEquals("NO_ANSWER", message.getString("reason"), "History-Info cause 408 after the ring timeout");
        assertAllOfItKept(message, Api.as("2002", "1357").bytes("/mailboxes/2002/messages/" + message.getString("id") + "/audio", null).body(), wav);
    }

    /**
     * A greeting recorded on a computer (espeak-ng speech at 44.1 kHz stereo) is uploaded by its
     * owner; a baresip caller diverted by Kamailio hears it, not the default, then leaves a message.
     * Removed, callers hear the default again. Bad uploads are refused in HTTP's terms.
     */
    @Test
    void aPersonalGreetingUploadedByItsOwnerIsWhatCallersHear() throws Exception {
        Api.createMailbox("2004", "Dave", "1593", 10);
        Api dave = Api.as("2004", "1593");
        Path spoken = Speech.say(WORK, "dave-greeting", "Hi, this is Dave. I am out of the office until Monday.");
        Duration own = Speech.duration(spoken);
        byte[] upload = Files.readAllBytes(Speech.asComputerRecording(spoken));

        HttpResponse<String> set = dave.send("PUT", "/mailboxes/2004/greeting", "audio/wav", upload);
        assertEquals(200, set.statusCode(), set.body());
        JsonObject view = Api.parse(set.body()).asJsonObject();
        assertTrue(view.getBoolean("personal"));
        assertTrue(Math.abs(view.getJsonNumber("durationMillis").longValue() - own.toMillis()) <= 20, view.toString());
        HttpResponse<byte[]> ogg = dave.bytes("/mailboxes/2004/greeting/audio", null, "audio/ogg");
        assertEquals("audio/ogg", ogg.headers().firstValue("Content-Type").orElse(""));

        Duration heardWithGreeting = own.plusMillis(400);
        Duration defaultGreeting = Calls.greeting("2004");
        assertTrue(defaultGreeting.minus(heardWithGreeting).abs().toMillis() > 1000, "the two greetings can be told apart by length");
        Path message = Speech.say(WORK, "to-dave", "Dave, call me when you are back.");
        Baresip caller = Baresip.start(WORK.resolve("caller-dave"), 25150, "<sip:1003@127.0.0.1>;regint=0;outbound=\"" + PROXY + "\";audio_codecs=PCMU", null);
        try (caller) {
            caller.command("dial", "sip:2004@127.0.0.1");
            speakAfterTheTone(caller, heardWithGreeting, message);
        }
        short[] heard = Wav.decode(Files.readAllBytes(caller.received().get(0)));
        assertTrue(Math.abs(heard.length / 8 - heardWithGreeting.toMillis()) <= 500,
                "heard " + heard.length / 8 + " ms: Dave's greeting and the tone last " + heardWithGreeting.toMillis() + " ms");
        assertTrue(Speech.rms(heard) > 1000, "the greeting is speech");
        assertEquals(1, Calls.awaitMessages(dave, "2004", 1).size(), "and the caller's message was recorded after it");

        assertEquals(400, dave.send("PUT", "/mailboxes/2004/greeting", "audio/wav", "not a wav".getBytes()).statusCode());
        assertEquals(400, dave.send("PUT", "/mailboxes/2004/greeting", "audio/wav", Wav.encode(new short[800])).statusCode(),
                "a tenth of a second is too short");
        assertEquals(413, dave.send("PUT", "/mailboxes/2004/greeting", "audio/wav", new byte[10_000_500]).statusCode());
        assertEquals(415, dave.send("PUT", "/mailboxes/2004/greeting", "text/plain", upload).statusCode());
        Api.createMailbox("2005", "Erin", "7531", 10);
        assertEquals(403, Api.as("2005", "7531").send("PUT", "/mailboxes/2004/greeting", "audio/wav", upload).statusCode(),
                "nobody sets another's greeting");
        assertTrue(dave.object("GET", "/mailboxes/2004/greeting", null, 200).getBoolean("personal"), "refusals changed nothing");

        assertEquals(204, dave.send("DELETE", "/mailboxes/2004/greeting", null).statusCode());
        assertFalse(dave.object("GET", "/mailboxes/2004/greeting", null, 200).getBoolean("personal"));
        assertEquals(404, dave.bytes("/mailboxes/2004/greeting/audio", null).statusCode());
        try (SipTestPhone phone = new SipTestPhone("127.0.0.1", Calls.SIP_PORT)) {
            SipTestPhone.Call call = Calls.divertedTo(phone, "2004", "1004");
            assertEquals(200, call.awaitFinal(Duration.ofSeconds(10)).status());
            call.ack();
            Calls.awaitEndOfGreeting(phone, "2004");
            call.bye();
            assertTrue(phone.heard().length / 8 >= defaultGreeting.toMillis() - 500, "the default greeting again");
        }
    }

    /**
     * RFC 3842 with a real phone: baresip's mwi module subscribes for its own extension through
     * Kamailio once registered; the NOTIFYs come back through Kamailio and baresip reports each
     * summary. The lamp follows the mailbox: off, on after a deposit, off once heard, and the
     * counts follow a delete.
     */
    @Test
    void aPhoneSubscribedThroughThePbxIsToldEveryChangeOfItsMailbox() throws Exception {
        Api.createMailbox("2003", "Carol", "1470", 10);
        Api carol = Api.as("2003", "1470");
        try (Baresip phone = Baresip.start(WORK.resolve("phone-carol"), 25140,
                "<sip:2003@127.0.0.1>;regint=300;mwi=yes;outbound=\"" + PROXY + "\";audio_codecs=PCMU;answermode=manual", null,
                List.of("mwi"))) {
            phone.awaitEvent("REGISTER_OK", Duration.ofSeconds(10));
            assertSummary(phone, "no", "0/0");

            Calls.leaveMessage(Calls.SIP_PORT, "2003", "1002", Duration.ofSeconds(2));
            assertSummary(phone, "yes", "1/0");
            String id = Calls.awaitMessages(carol, "2003", 1).getJsonObject(0).getString("id");

            carol.object("POST", "/mailboxes/2003/messages/" + id + "/heard", null, 200);
            assertSummary(phone, "no", "0/1");
            assertEquals(204, carol.send("DELETE", "/mailboxes/2003/messages/" + id, null).statusCode());
            assertSummary(phone, "no", "0/0");
        }
    }

    /**
     * The telephone user interface with a real phone: baresip calls the pilot through Kamailio from
     * extension 2006, is recognized by its number, types the PIN (RFC 4733 telephone-events sent by
     * baresip's sndcode), hears the counts, plays the first message to its end (it is no longer
     * new), deletes it, hears the second, goes back, records a greeting ended with '#' and hangs up
     * with '*'. Asserted: what the phone heard (both messages' tones, in full) and the mailbox after.
     */
    @Test
    void aSubscriberCallsThePilotFromTheirPhoneAndUsesTheMenuWithTheKeypad() throws Exception {
        Api.createMailbox("2006", "Frank", "8642", 10);
        Api frank = Api.as("2006", "8642");
        Calls.leaveMessage(Calls.SIP_PORT, "2006", "1005", Duration.ofSeconds(2));
        Calls.leaveMessage(Calls.SIP_PORT, "2006", "1006", Duration.ofSeconds(2));
        JsonArray before = Calls.awaitMessages(frank, "2006", 2);
        String first = before.getJsonObject(0).getString("id");
        String second = before.getJsonObject(1).getString("id");
        Path spoken = Speech.say(WORK, "frank-greeting", "Frank here. I am on the road this week, leave a message.");
        Path listening = Speech.silence(WORK, Duration.ofMinutes(3));

        Baresip phone = Baresip.start(WORK.resolve("frank-menu"), 25160,
                "<sip:2006@127.0.0.1>;regint=0;outbound=\"" + PROXY + "\";audio_codecs=PCMU", listening);
        try (phone) {
            phone.command("dial", "sip:8000@127.0.0.1");
            phone.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(15));
            phone.awaitPrompt(Duration.ofSeconds(2), Duration.ofSeconds(20)); // welcome, enter your PIN
            phone.command("sndcode", "8642#");
            phone.awaitPrompt(Duration.ofSeconds(5), Duration.ofSeconds(30)); // two new, zero saved; the main menu
            phone.command("sndcode", "1");
            phone.awaitPrompt(Duration.ofSeconds(8), Duration.ofSeconds(40)); // message 1 from 1005, the tone; the message menu
            Await.poll(() -> frank.object("GET", "/mailboxes/2006/messages/" + first, null, 200), m -> m.getBoolean("heard"), 100,
                    Duration.ofSeconds(5), "message 1 heard once played to its end");
            phone.command("sndcode", "7");
            phone.awaitPrompt(Duration.ofSeconds(8), Duration.ofSeconds(40)); // deleted; message 1 (the second) ...; the message menu
            phone.command("sndcode", "*");
            phone.awaitPrompt(Duration.ofSeconds(3), Duration.ofSeconds(30)); // the main menu
            phone.command("sndcode", "3");
            phone.awaitPrompt(Duration.ofSeconds(3), Duration.ofSeconds(30)); // record after the tone, pound when done
            Path breathFirst = Speech.precededBySilence(spoken, BREATH);
            // the words and a moment's pause on the wire, then '#'; the phone stays on the line (silence)
            phone.speak(Speech.followedBySilence(breathFirst, Duration.ofSeconds(60)), Speech.duration(breathFirst).plusMillis(500),
                    Duration.ofSeconds(60));
            phone.command("sndcode", "#");
            phone.awaitPrompt(Duration.ofSeconds(3), Duration.ofSeconds(30)); // greeting saved; the main menu
            phone.command("sndcode", "*");
            phone.awaitEvent("CALL_CLOSED", Duration.ofSeconds(20)); // goodbye, and the service hangs up
        }

        JsonArray after = frank.array("/mailboxes/2006/messages");
        assertEquals(1, after.size(), "the first message was deleted: " + after);
        assertEquals(second, after.getJsonObject(0).getString("id"));
        assertTrue(after.getJsonObject(0).getBoolean("heard"), "the second was played to its end");
        JsonObject greeting = frank.object("GET", "/mailboxes/2006/greeting", null, 200);
        assertTrue(greeting.getBoolean("personal"), "the greeting recorded by phone is the mailbox's greeting");
        assertAllOfItKept(greeting, frank.bytes("/mailboxes/2006/greeting/audio", null, "audio/wav").body(), spoken);

        short[] heard = Wav.decode(Files.readAllBytes(phone.received().get(0)));
        List<Duration> tones = Speech.toneRuns(heard, 440);
        List<Duration> messages = tones.stream().filter(d -> d.toMillis() >= 1700).toList();
        assertEquals(2, messages.size(), "the phone heard both messages' 2 s tones in full; tone runs: " + tones);
        assertTrue(Speech.rms(heard) > 1000, "and the spoken prompts");
    }

    /**
     * A caller from an unknown number enters mailbox and PIN with SIP INFO (the fallback for phones
     * without RFC 4733), gets the PIN wrong three times and is cut off; the server logs it.
     */
    @Test
    void threeWrongPinsEndThePhoneMenuCallAndAreLogged() throws Exception {
        Api.createMailbox("2007", "Gina", "1122", 10);
        String callId;
        try (SipTestPhone phone = new SipTestPhone("127.0.0.1", Calls.SIP_PORT)) {
            SipTestPhone.Call call = phone.invite(Calls.TRUNK, "sip:5555@127.0.0.1", "sip:8000@127.0.0.1", Map.of(), AudioEncoding.PCMU);
            callId = call.callId;
            assertEquals(200, call.awaitFinal(Duration.ofSeconds(10)).status());
            call.ack();
            for (int attempt = 0; attempt < 3; attempt++) {
                for (char key : "2007#9999#".toCharArray()) {
                    call.info("application/dtmf-relay", "Signal=" + key + "\r\nDuration=160\r\n");
                    assertEquals(200, call.awaitResponse("INFO", Duration.ofSeconds(5)).status());
                }
                if (attempt < 2) {
                    // keys typed ahead of "Login incorrect" are dropped: a caller hears it, then tries again
                    awaitHeardMore(phone, phone.heard().length, Duration.ofMillis(400), Duration.ofSeconds(10));
                }
            }
            SipTestPhone.Message bye = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((bye == null || !bye.isRequest("BYE")) && System.nanoTime() < deadline) {
                bye = phone.await(call.callId, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            assertTrue(bye != null && bye.isRequest("BYE"), "the service hangs up after the third wrong PIN");
            assertTrue(phone.heard().length > 8 * 1000, "after telling the caller");
        }
        Await.logged(Path.of(System.getProperty("it.base.dir"), "log", "server.log"),
                "call " + callId + " from '5555': 3 wrong PINs for mailbox '2007', call ended");
    }

    private static void awaitHeardMore(SipTestPhone phone, int before, Duration more, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        int wanted = before + (int) (more.toMillis() * 8);
        while (phone.heard().length < wanted && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(phone.heard().length >= wanted, "the service spoke after the wrong PIN");
    }

    /** Waits for the phone to report a message summary with these values (earlier summaries are passed over). */
    private static void assertSummary(Baresip phone, String waiting, String voiceMessages) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            JsonObject event = phone.awaitEvent("MWI_NOTIFY", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            last = event.getString("param", "");
            if (last.contains("Messages-Waiting: " + waiting) && last.contains("Voice-Message: " + voiceMessages)) {
                assertTrue(last.contains("Message-Account: sip:2003@"), last);
                return;
            }
        }
        throw new AssertionError("the phone was not told Messages-Waiting: " + waiting + ", Voice-Message: " + voiceMessages + "; last: " + last);
    }
}
