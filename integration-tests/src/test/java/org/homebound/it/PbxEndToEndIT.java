package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jakarta.json.JsonObject;
import org.homebound.it.peers.Baresip;
import org.homebound.it.peers.Kamailio;
import org.homebound.it.peers.Speech;
import org.homebound.telephony.audio.Wav;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
    /** What a caller waits through: the shipped greeting plus the 400 ms tone. */
    private static Duration greeting;
    private static Kamailio pbx;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    @BeforeAll
    static void startPbx() throws Exception {
        greeting = Calls.greeting();
        pbx = Kamailio.start(WORK.resolve("kamailio"), KAMAILIO, Calls.SIP_PORT, "8000");
    }

    @AfterAll
    static void stopPbx() {
        if (pbx != null) {
            pbx.close();
        }
    }

    /**
     * Behaves like a person leaving a message: listens until the greeting and tone are over, then
     * speaks the WAV (baresip switches its microphone to the file), then hangs up. Left alone,
     * baresip sends about half a second of silence after its file ends before its BYE.
     */
    private static void speakAfterTheTone(Baresip caller, Path speech) throws Exception {
        caller.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(15));
        caller.awaitHeard(greeting, Duration.ofSeconds(20));
        caller.command("ausrc", "aufile," + speech.toAbsolutePath());
        Thread.sleep(Speech.duration(speech).toMillis());
        caller.command("hangup", "");
        caller.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }

    @Test
    void unregisteredExtensionIsDivertedAndTheSpokenMessageIsStored() throws Exception {
        Api.createMailbox("2001", "Alice", "2468", 10);
        Path wav = Speech.say(WORK, "to-alice", "Hello Alice, this is Bob from accounting. Please call me back about the quarterly report.");
        Duration spoken = Speech.duration(wav);

        Baresip caller = Baresip.start(WORK.resolve("caller-alice"), 25110, "<sip:1000@127.0.0.1>;regint=0;outbound=\"" + PROXY + "\";audio_codecs=PCMU", null);
        try (caller) {
            caller.command("dial", "sip:2001@127.0.0.1");
            speakAfterTheTone(caller, wav);
        }

        JsonObject message = Calls.awaitMessages(Api.as("2001", "2468"), "2001", 1).getJsonObject(0);
        assertEquals("1000", message.getString("from"));
        assertEquals("UNAVAILABLE", message.getString("reason"), "Kamailio's Diversion reason");
        long recorded = message.getJsonNumber("durationMillis").longValue();
        assertTrue(Math.abs(recorded - spoken.toMillis()) <= 500, "recorded " + recorded + " ms of a " + spoken.toMillis() + " ms WAV");

        HttpResponse<byte[]> audio = Api.as("2001", "2468").bytes("/mailboxes/2001/messages/" + message.getString("id") + "/audio", null);
        assertEquals(200, audio.statusCode());
        short[] stored = Wav.decode(audio.body());
        assertTrue(Speech.rms(stored) > 1000, "stored audio is speech, RMS " + Speech.rms(stored));

        List<Path> heard = caller.received();
        assertEquals(1, heard.size(), "one recording of what the caller heard");
        short[] greetingHeard = Wav.decode(Files.readAllBytes(heard.get(0)));
        assertTrue(Speech.rms(greetingHeard) > 1000, "the caller heard the greeting, RMS " + Speech.rms(greetingHeard));
        assertTrue(Math.abs(greetingHeard.length / 8 - greeting.toMillis()) <= 500,
                "heard " + greetingHeard.length / 8 + " ms of a " + greeting.toMillis() + " ms greeting");
    }

    @Test
    void registeredPhoneThatDoesNotAnswerIsDivertedAfterTheRingTimeout() throws Exception {
        Api.createMailbox("2002", "Bob", "1357", 10);
        Path wav = Speech.say(WORK, "to-bob", "Bob, the meeting moved to three o'clock.");
        Duration spoken = Speech.duration(wav);

        try (Baresip phone = Baresip.start(WORK.resolve("phone-bob"), 25120,
                "<sip:2002@127.0.0.1>;regint=300;outbound=\"" + PROXY + "\";audio_codecs=PCMU;answermode=manual", null)) {
            phone.awaitEvent("REGISTER_OK", Duration.ofSeconds(10));
            try (Baresip caller = Baresip.start(WORK.resolve("caller-bob"), 25130,
                    "<sip:1001@127.0.0.1>;regint=0;outbound=\"" + PROXY + "\";audio_codecs=PCMU", null)) {
                caller.command("dial", "sip:2002@127.0.0.1");
                phone.awaitEvent("CALL_INCOMING", Duration.ofSeconds(10)); // Bob's phone rings, nobody answers
                speakAfterTheTone(caller, wav);
            }
        }

        JsonObject message = Calls.awaitMessages(Api.as("2002", "1357"), "2002", 1).getJsonObject(0);
        assertEquals("1001", message.getString("from"));
        assertEquals("NO_ANSWER", message.getString("reason"), "History-Info cause 408 after the ring timeout");
        long recorded = message.getJsonNumber("durationMillis").longValue();
        assertTrue(Math.abs(recorded - spoken.toMillis()) <= 500, "recorded " + recorded + " ms of a " + spoken.toMillis() + " ms WAV");
        short[] stored = Wav.decode(Api.as("2002", "1357").bytes("/mailboxes/2002/messages/" + message.getString("id") + "/audio", null).body());
        assertTrue(Speech.rms(stored) > 1000, "stored audio is speech");
    }
}
