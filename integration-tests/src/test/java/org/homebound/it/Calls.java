package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jakarta.json.JsonArray;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.audio.Wav;
import org.homebound.telephony.testing.SipTestPhone;

/** Scripted calls into the test server's SIP trunk, the way a PBX delivers a diverted call. */
public final class Calls {

    public static final int SIP_PORT = Integer.getInteger("it.sip.port");
    static final String TRUNK = "sip:8000@127.0.0.1:" + SIP_PORT;

    private Calls() {
    }

    static SipTestPhone phone() throws Exception {
        return new SipTestPhone("127.0.0.1", SIP_PORT);
    }

    static SipTestPhone.Call divertedTo(SipTestPhone phone, String extension, String caller) throws Exception {
        return divertedTo(phone, TRUNK, extension, caller);
    }

    static SipTestPhone.Call divertedTo(SipTestPhone phone, String trunk, String extension, String caller) throws Exception {
        return phone.invite(trunk, "sip:" + caller + "@127.0.0.1", "sip:" + extension + "@127.0.0.1",
                Map.of("Diversion", "<sip:" + extension + "@127.0.0.1>;reason=no-answer;counter=1"), AudioEncoding.PCMU);
    }

    /**
     * What a caller hears before recording starts for a mailbox without a greeting of its own: the
     * shipped default ("The person at extension 2 0 0 1 is not available. Please leave a message
     * ...") plus the 400 ms tone.
     */
    public static Duration greeting(String extension) {
        List<String> prompts = new ArrayList<>(List.of("person-at-extension"));
        extension.chars().forEach(d -> prompts.add("digit-" + (char) d));
        prompts.addAll(List.of("not-available", "leave-message"));
        long millis = 400;
        for (String name : prompts) {
            try {
                Path prompt = Path.of(System.getProperty("homebound.prompts.dir"), name + ".wav");
                millis += Wav.decode(Files.readAllBytes(prompt)).length / 8L;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Duration.ofMillis(millis);
    }

    /**
     * Waits until the whole greeting and tone have arrived, as a caller waits for the beep. Counted
     * in audio received, not by a pause in the stream: on a busy machine the server's packets can
     * arrive in bursts after a stall, and a pause is no sign that the greeting is over.
     */
    public static void awaitEndOfGreeting(SipTestPhone phone, String extension) throws InterruptedException {
        awaitEndOfGreeting(phone, extension, 0);
    }

    /** The same, for a phone that has already heard {@code heardBefore} bytes in earlier calls. */
    public static void awaitEndOfGreeting(SipTestPhone phone, String extension, int heardBefore) throws InterruptedException {
        awaitHeard(phone, greeting(extension), heardBefore);
    }

    /** Waits until the phone has heard {@code length} of audio (beyond {@code heardBefore} bytes). */
    public static void awaitHeard(SipTestPhone phone, Duration length, int heardBefore) throws InterruptedException {
        long greetingBytes = heardBefore + length.toMillis() * 8; // G.711: one byte per sample
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (phone.heard().length >= greetingBytes) {
                return;
            }
            Thread.sleep(20);
        }
        fail("greeting did not end within 20 s (heard " + phone.heard().length + " of " + greetingBytes + " bytes)");
    }

    /** A whole deposit: divert, answer, wait for the tone, speak (a tone), hang up. */
    static void leaveMessage(String extension, String caller, Duration length) throws Exception {
        leaveMessage(SIP_PORT, extension, caller, length);
    }

    /** A whole deposit at the site whose SIP trunk listens on sipPort; returns when the caller hung up (System.nanoTime). */
    public static long leaveMessage(int sipPort, String extension, String caller, Duration length) throws Exception {
        try (SipTestPhone phone = new SipTestPhone("127.0.0.1", sipPort)) {
            SipTestPhone.Call call = divertedTo(phone, "sip:8000@127.0.0.1:" + sipPort, extension, caller);
            SipTestPhone.Message ok = call.awaitFinal(Duration.ofSeconds(10));
            assertNotNull(ok, "no final response");
            assertEquals(200, ok.status(), ok.startLine());
            call.ack();
            awaitEndOfGreeting(phone, extension);
            phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, length, 8000));
            long hungUp = System.nanoTime();
            call.bye();
            assertNotNull(phone.await(call.callId, Duration.ofSeconds(5)), "BYE answered");
            return hungUp;
        }
    }

    /**
     * What a caller hears before the site goes quiet to record (greeting and tone): a call that
     * listens until nothing has come for two seconds, then hangs up.
     */
    public static Duration heardBeforeRecording(int sipPort, String extension) throws Exception {
        try (SipTestPhone phone = new SipTestPhone("127.0.0.1", sipPort)) {
            SipTestPhone.Call call = divertedTo(phone, "sip:8000@127.0.0.1:" + sipPort, extension, "2999");
            assertEquals(200, call.awaitFinal(Duration.ofSeconds(10)).status());
            call.ack();
            int last = -1;
            long quietSince = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                int heard = phone.heard().length;
                if (heard != last) {
                    last = heard;
                    quietSince = System.nanoTime();
                } else if (heard > 0 && System.nanoTime() - quietSince > Duration.ofSeconds(2).toNanos()) {
                    break; // nothing for two seconds: the prompts are over
                }
                Thread.sleep(20);
            }
            call.bye();
            return Duration.ofMillis(last / 8); // G.711: 8 bytes a millisecond
        }
    }

    /** Polls the mailbox until it holds {@code count} messages. */
    static JsonArray awaitMessages(Api owner, String extension, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonArray list = null;
        while (System.nanoTime() < deadline) {
            list = owner.array("/mailboxes/" + extension + "/messages");
            if (list.size() >= count) {
                return list;
            }
            Thread.sleep(50);
        }
        fail("mailbox " + extension + " has " + (list == null ? 0 : list.size()) + " messages, expected " + count);
        return list;
    }
}
