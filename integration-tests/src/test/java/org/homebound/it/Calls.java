package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Map;
import jakarta.json.JsonArray;
import org.homebound.telephony.audio.AudioEncoding;
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
        return phone.invite(TRUNK, "sip:" + caller + "@127.0.0.1", "sip:" + extension + "@127.0.0.1",
                Map.of("Diversion", "<sip:" + extension + "@127.0.0.1>;reason=no-answer;counter=1"), AudioEncoding.PCMU);
    }

    /** Waits for the greeting and tone to finish, as a caller waits for the beep. */
    public static void awaitEndOfGreeting(SipTestPhone phone) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int now = phone.heard().length;
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (now > 0 && System.nanoTime() - stableSince > 300_000_000L) {
                return;
            }
            Thread.sleep(50);
        }
        fail("greeting did not end within 20 s (heard " + last + " bytes)");
    }

    /** A whole deposit: divert, answer, wait for the tone, speak (a tone), hang up. */
    static void leaveMessage(String extension, String caller, Duration length) throws Exception {
        try (SipTestPhone phone = phone()) {
            SipTestPhone.Call call = divertedTo(phone, extension, caller);
            SipTestPhone.Message ok = call.awaitFinal(Duration.ofSeconds(10));
            assertNotNull(ok, "no final response");
            assertEquals(200, ok.status(), ok.startLine());
            call.ack();
            awaitEndOfGreeting(phone);
            phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, length, 8000));
            call.bye();
            assertNotNull(phone.await(call.callId, Duration.ofSeconds(5)), "BYE answered");
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
