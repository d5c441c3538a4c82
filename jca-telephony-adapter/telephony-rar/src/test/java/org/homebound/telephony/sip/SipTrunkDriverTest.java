package org.homebound.telephony.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.homebound.telephony.api.CallEnded;
import org.homebound.telephony.api.CallEvent;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.DiversionReason;
import org.homebound.telephony.api.MenuInput;
import org.homebound.telephony.api.MenuStep;
import org.homebound.telephony.api.MessageWaiting;
import org.homebound.telephony.api.Prompt;
import org.homebound.telephony.api.RecordingEnd;
import org.homebound.telephony.api.RecordingFinished;
import org.homebound.telephony.api.RecordingRequest;
import org.homebound.telephony.api.RejectCause;
import org.homebound.telephony.api.SubscriptionRequested;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.rtp.MediaEngine;
import org.homebound.telephony.testing.SipTestPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SIP trunk against a scripted phone on loopback: real JAIN-SIP stack, real sockets, no container. */
class SipTrunkDriverTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final QueueingServices services = new QueueingServices();
    private final BlockingQueue<CallEvent> events = services.events;
    private SipTrunkDriver driver;
    private SipTestPhone phone;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = freePort();
        int rtp = freePort() & ~1;
        driver = new SipTrunkDriver(new SipTrunkSettings("127.0.0.1", port, List.of("udp", "tcp"), "", rtp, rtp + 20,
                Duration.ofSeconds(2), Duration.ofSeconds(3), "", TrustedPeers.parse("127.0.0.1"), 0, 0), services);
        driver.start();
        phone = new SipTestPhone("127.0.0.1", port);
    }

    @AfterEach
    void stop() {
        phone.close();
        driver.stop();
    }

    private <T extends CallEvent> T next(Class<T> type) throws InterruptedException {
        CallEvent e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(e, "no " + type.getSimpleName() + " within " + WAIT);
        return assertInstanceOf(type, e);
    }

    private SipTestPhone.Call divertedCall(String extension) throws IOException {
        return phone.invite("sip:8000@127.0.0.1:" + port, "sip:1000@127.0.0.1", "sip:" + extension + "@127.0.0.1",
                Map.of("Diversion", "<sip:" + extension + "@127.0.0.1>;reason=no-answer"), AudioEncoding.PCMU);
    }

    @Test
    void divertedCallIsOfferedAnsweredRecordedAndHandedOver() throws Exception {
        SipTestPhone.Call call = divertedCall("2001");
        CallOffered offered = next(CallOffered.class);
        assertEquals("2001", offered.calledNumber());
        assertEquals(DiversionReason.NO_ANSWER, offered.reason());
        assertEquals("1000", offered.callingNumber());
        assertEquals("8000", offered.dialledNumber());

        UUID messageId = UUID.randomUUID();
        Prompt prompt = new Prompt("beep", SipTestPhone.tone(1000, Duration.ofMillis(500), 8000));
        driver.answerAndRecord(offered.callId(), new RecordingRequest(messageId, "2001", List.of(prompt), Duration.ofSeconds(60)));
        SipTestPhone.Message ok = call.awaitFinal(WAIT);
        assertEquals(200, ok.status());
        assertTrue(ok.body().contains("m=audio"), ok.body());
        call.ack();
        Thread.sleep(600); // wait for the beep, as a caller would
        phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, Duration.ofSeconds(2), 6000));
        call.bye();

        RecordingFinished done = next(RecordingFinished.class);
        assertEquals(messageId, done.messageId());
        assertEquals(RecordingEnd.CALLER_HUNG_UP, done.end());
        assertEquals(DiversionReason.NO_ANSWER, done.reason());
        assertEquals(AudioEncoding.PCMU, done.audio().encoding());
        long ms = done.audio().duration().toMillis();
        assertTrue(ms >= 1900 && ms <= 2300, "recorded " + ms + " ms of a 2000 ms tone");
        assertEquals(0, done.statistics().packetsLost());
        assertTrue(SipTestPhone.rms(AudioEncoding.PCMU, done.audio().samples()) > 3000, "recording is the tone, not silence");
        assertTrue(SipTestPhone.rms(AudioEncoding.PCMU, phone.heard()) > 3000, "caller heard the prompt");
        // The recording is handed on first, then the call is forgotten: the two are not one step.
        assertNoActiveCallsWithin(WAIT);
    }

    private void assertNoActiveCallsWithin(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (driver.activeCalls() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, driver.activeCalls(), "calls still active " + wait + " after the last one ended");
    }

    @Test
    void rejectedCallGetsTheMappedStatus() throws Exception {
        SipTestPhone.Call call = divertedCall("9999");
        driver.reject(next(CallOffered.class).callId(), RejectCause.NO_SUCH_MAILBOX);
        assertEquals(404, call.awaitFinal(WAIT).status());

        SipTestPhone.Call full = divertedCall("2002");
        driver.reject(next(CallOffered.class).callId(), RejectCause.MAILBOX_FULL);
        SipTestPhone.Message r = full.awaitFinal(WAIT);
        assertEquals(480, r.status());
        assertTrue(r.startLine().contains("Mailbox Full"), r.startLine());
    }

    @Test
    void redirectSends302WithContact() throws Exception {
        SipTestPhone.Call call = divertedCall("2001");
        driver.redirect(next(CallOffered.class).callId(), "sip:operator@127.0.0.1");
        SipTestPhone.Message r = call.awaitFinal(WAIT);
        assertEquals(302, r.status());
        assertTrue(r.header("contact").contains("sip:operator@127.0.0.1"), r.header("contact"));
    }

    @Test
    void cancelBeforeAnswerEndsTheCall() throws Exception {
        SipTestPhone.Call call = divertedCall("2001");
        String callId = next(CallOffered.class).callId();
        call.cancel();
        assertEquals(487, call.awaitFinal(WAIT).status());
        CallEnded ended = next(CallEnded.class);
        assertEquals(callId, ended.callId());
        assertEquals(CallEnded.CallEndCause.CANCELLED_BY_CALLER, ended.cause());
    }

    @Test
    void undecidedCallIsRefusedWith503() throws Exception {
        SipTestPhone.Call call = divertedCall("2001");
        next(CallOffered.class);
        Thread.sleep(2100);
        driver.sweep();
        assertEquals(503, call.awaitFinal(WAIT).status());
    }

    @Test
    void maximumLengthEndsTheRecordingWithOurBye() throws Exception {
        SipTestPhone.Call call = divertedCall("2001");
        CallOffered offered = next(CallOffered.class);
        driver.answerAndRecord(offered.callId(), new RecordingRequest(UUID.randomUUID(), "2001", List.of(), Duration.ofSeconds(1)));
        assertEquals(200, call.awaitFinal(WAIT).status());
        call.ack();
        phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, Duration.ofMillis(1600), 6000));
        RecordingFinished done = next(RecordingFinished.class);
        assertEquals(RecordingEnd.MAXIMUM_LENGTH, done.end());
        assertEquals(1000, done.audio().duration().toMillis());
        SipTestPhone.Message bye = phone.await(call.callId, WAIT);
        assertNotNull(bye, "server hangs up");
        assertTrue(bye.isRequest("BYE"), bye.startLine());
    }

    // ---- recording rules ----

    /** Answers the next offered call with a recording of the given rules; returns the answered call. */
    private SipTestPhone.Call answeredCall(AudioEncoding encoding, Duration maximum, Duration silence) throws Exception {
        SipTestPhone.Call call = phone.invite("sip:8000@127.0.0.1:" + port, "sip:1000@127.0.0.1", "sip:2001@127.0.0.1",
                Map.of("Diversion", "<sip:2001@127.0.0.1>;reason=no-answer"), encoding);
        CallOffered offered = next(CallOffered.class);
        driver.answerAndRecord(offered.callId(), new RecordingRequest(UUID.randomUUID(), "2001", List.of(), maximum, silence));
        assertEquals(200, call.awaitFinal(WAIT).status());
        call.ack();
        return call;
    }

    @Test
    void silenceEndsTheRecordingAndTrailingSilenceIsTrimmed() throws Exception {
        SipTestPhone.Call call = answeredCall(AudioEncoding.PCMA, Duration.ofSeconds(60), Duration.ofSeconds(1));
        short[] speechThenSilence = Arrays.copyOf(SipTestPhone.tone(440, Duration.ofSeconds(1), 6000), 8000 * 3);
        phone.sendAudio(call.serverMedia(), AudioEncoding.PCMA, speechThenSilence);
        RecordingFinished done = next(RecordingFinished.class);
        assertEquals(RecordingEnd.SILENCE, done.end());
        assertEquals(AudioEncoding.PCMA, done.audio().encoding(), "A-law recorded as A-law");
        long ms = done.audio().duration().toMillis();
        assertTrue(ms >= 1250 && ms <= 1350, "a second of speech and 300 ms of the pause after it, got " + ms + " ms");
        SipTestPhone.Message bye = phone.await(call.callId, WAIT);
        assertTrue(bye != null && bye.isRequest("BYE"), "the server hangs up on silence");
    }

    @Test
    void aCallerGoneWithoutByeEndsByMediaTimeoutAndKeepsWhatWasSaid() throws Exception {
        SipTestPhone.Call call = answeredCall(AudioEncoding.PCMU, Duration.ofSeconds(60), Duration.ZERO);
        phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, Duration.ofMillis(1500), 6000));
        RecordingFinished done = next(RecordingFinished.class); // no BYE, no more RTP: the 3 s media timeout
        assertEquals(RecordingEnd.MEDIA_TIMEOUT, done.end());
        assertEquals(1500, done.audio().duration().toMillis(), 20);
    }

    @Test
    void rtpFromElsewhereIsIgnoredAndAFloodDoesNotDisturbTheCall() throws Exception {
        SipTestPhone.Call call = answeredCall(AudioEncoding.PCMU, Duration.ofSeconds(60), Duration.ZERO);
        InetSocketAddress media = call.serverMedia();
        try (DatagramSocket intruder = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Thread flood = new Thread(() -> {
                byte[] packet = new byte[172];
                packet[0] = (byte) 0x80; // RTP version 2, payload type 0 (PCMU), loud noise
                for (int i = 12; i < packet.length; i++) {
                    packet[i] = (byte) (i * 37);
                }
                for (int seq = 0; !Thread.currentThread().isInterrupted(); seq++) {
                    packet[2] = (byte) (seq >> 8);
                    packet[3] = (byte) seq;
                    try {
                        intruder.send(new DatagramPacket(packet, packet.length, media));
                        if (seq % 4 == 0) {
                            Thread.sleep(1); // a few thousand packets a second, 80 times the caller's rate
                        }
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            }, "rtp-flood");
            flood.start();
            try {
                Thread.sleep(200); // the flood is there first
                phone.sendAudio(media, AudioEncoding.PCMU, SipTestPhone.tone(440, Duration.ofSeconds(2), 6000));
                call.bye();
                RecordingFinished done = next(RecordingFinished.class);
                assertEquals(RecordingEnd.CALLER_HUNG_UP, done.end());
                assertEquals(2000, done.audio().duration().toMillis(), 20, "exactly the caller's two seconds");
                assertEquals(0, done.statistics().packetsLost(), "none of the caller's packets lost under the flood");
                short[] recorded = AudioEncoding.PCMU.decode(done.audio().samples());
                short[] sent = SipTestPhone.tone(440, Duration.ofSeconds(2), 6000);
                assertTrue(correlation(sent, recorded) > 0.99, "the recording is the caller's tone, not the intruder's noise");
            } finally {
                flood.interrupt();
                flood.join();
            }
        }
    }

    /**
     * The caller holds the call (re-INVITE sendonly) for longer than both the silence and the media
     * timeouts, then resumes with a new RTP stream: the recording waits and carries on, and each
     * answer mirrors the direction with a new o= version.
     */
    @Test
    void holdAndResumeByReInviteKeepTheRecordingGoing() throws Exception {
        SipTestPhone.Call call = answeredCall(AudioEncoding.PCMU, Duration.ofSeconds(60), Duration.ofSeconds(1));
        phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, Duration.ofSeconds(1), 6000));
        call.reInvite(AudioEncoding.PCMU, "sendonly");
        SipTestPhone.Message hold = call.awaitFinal(WAIT);
        assertEquals(200, hold.status());
        assertTrue(hold.body().contains("a=recvonly"), hold.body());
        call.ack();
        Thread.sleep(4000); // on hold: longer than the 1 s silence and the 3 s media timeout
        assertTrue(events.isEmpty(), "the recording waits through the hold: " + events);

        call.reInvite(AudioEncoding.PCMU, "sendrecv");
        SipTestPhone.Message resume = call.awaitFinal(WAIT);
        assertEquals(200, resume.status());
        assertTrue(resume.body().contains("a=sendrecv"), resume.body());
        assertTrue(!originLine(resume.body()).equals(originLine(hold.body())), "a changed answer has a new o= version");
        call.ack();
        phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(660, Duration.ofSeconds(1), 6000), 0x0BADCAFE);
        call.bye();
        RecordingFinished done = next(RecordingFinished.class);
        assertEquals(RecordingEnd.CALLER_HUNG_UP, done.end());
        assertEquals(2000, done.audio().duration().toMillis(), 40, "both seconds of speech, the hold left out");
    }

    @Test
    void aReInviteChangingTheLawOrWithBadSdpIsRefusedAndTheCallGoesOn() throws Exception {
        SipTestPhone.Call call = answeredCall(AudioEncoding.PCMU, Duration.ofSeconds(60), Duration.ZERO);
        call.reInvite(AudioEncoding.PCMA, "sendrecv");
        assertEquals(488, call.awaitFinal(WAIT).status());
        call.ack();
        phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, Duration.ofSeconds(1), 6000));
        call.bye();
        RecordingFinished done = next(RecordingFinished.class);
        assertEquals(AudioEncoding.PCMU, done.audio().encoding());
        assertEquals(1000, done.audio().duration().toMillis(), 20);
    }

    private static String originLine(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("o=")).findFirst().orElse("");
    }

    private static double correlation(short[] a, short[] b) {
        int n = Math.min(a.length, b.length);
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < n; i++) {
            ab += a[i] * (double) b[i];
            aa += a[i] * (double) a[i];
            bb += b[i] * (double) b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    // ---- RFC 3842 message-waiting subscriptions ----

    private SipTestPhone.Call subscribe(String extension, Map<String, String> headers) throws IOException {
        return phone.subscribe("sip:" + extension + "@127.0.0.1:" + port, "sip:" + extension + "@127.0.0.1", headers);
    }

    /** The next NOTIFY in the subscription's dialog, or null if none comes within the time given. */
    private SipTestPhone.Message notifyOf(SipTestPhone.Call subscription, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            SipTestPhone.Message m = phone.await(subscription.callId, Duration.ofNanos(deadline - System.nanoTime()));
            if (m != null && m.isRequest("NOTIFY")) {
                assertEquals("message-summary", m.header("event"));
                return m;
            }
        }
        return null;
    }

    @Test
    void aSubscriberIsToldTheStateAtOnceAndOnEveryChangeUntilItUnsubscribes() throws Exception {
        SipTestPhone.Call subscription = subscribe("2001", Map.of("Expires", "600"));
        SubscriptionRequested requested = next(SubscriptionRequested.class);
        assertEquals("2001", requested.extension());
        assertEquals("2001", requested.subscriber());
        assertEquals(Duration.ofSeconds(600), requested.expires());
        driver.acceptSubscription(requested.callId(), new MessageWaiting("2001", 1, 2));
        SipTestPhone.Message ok = subscription.awaitFinal(WAIT);
        assertEquals(200, ok.status());
        assertEquals("600", ok.header("expires"));

        SipTestPhone.Message first = notifyOf(subscription, WAIT);
        assertNotNull(first, "a NOTIFY at once (RFC 6665 §4.2.1)");
        assertTrue(first.header("subscription-state").startsWith("active;expires="), first.header("subscription-state"));
        assertEquals("application/simple-message-summary", first.header("content-type"));
        assertTrue(first.body().contains("Messages-Waiting: yes"), first.body());
        assertTrue(first.body().contains("Voice-Message: 1/2"), first.body());
        assertEquals(1, driver.subscriptions());

        MessageWaiting heard = new MessageWaiting("2001", 0, 3);
        driver.setMessageWaiting(heard);
        SipTestPhone.Message change = notifyOf(subscription, WAIT);
        assertTrue(change.body().contains("Messages-Waiting: no") && change.body().contains("Voice-Message: 0/3"), change.body());

        driver.setMessageWaiting(new MessageWaiting("2001", 5, 0, heard.asOf().minusSeconds(1)));
        driver.setMessageWaiting(new MessageWaiting("2002", 4, 0));
        assertNull(notifyOf(subscription, Duration.ofMillis(500)), "an older state, or another extension's, is not sent");

        subscription.subscribeAgain(600);
        SipTestPhone.Message refreshed = notifyOf(subscription, WAIT);
        assertTrue(refreshed.body().contains("Voice-Message: 0/3"), "a refresh repeats the last state: " + refreshed.body());

        subscription.subscribeAgain(0);
        SipTestPhone.Message last = notifyOf(subscription, WAIT);
        assertTrue(last.header("subscription-state").startsWith("terminated"), last.header("subscription-state"));
        assertEquals(0, driver.subscriptions());
        driver.setMessageWaiting(new MessageWaiting("2001", 1, 3));
        assertNull(notifyOf(subscription, Duration.ofMillis(500)), "nothing after unsubscribing");
        assertTrue(events.isEmpty(), "refreshes are the driver's business: " + events);
    }

    @Test
    void aOneTimeFetchGetsOneNotifyAndASubscriberThatAnswers481IsForgotten() throws Exception {
        SipTestPhone.Call fetch = subscribe("2001", Map.of("Expires", "0"));
        driver.acceptSubscription(next(SubscriptionRequested.class).callId(), new MessageWaiting("2001", 0, 0));
        assertEquals(200, fetch.awaitFinal(WAIT).status());
        SipTestPhone.Message only = notifyOf(fetch, WAIT);
        assertTrue(only.header("subscription-state").startsWith("terminated"), only.header("subscription-state"));
        assertTrue(only.body().contains("Voice-Message: 0/0"), only.body());
        assertEquals(0, driver.subscriptions());

        SipTestPhone.Call subscription = subscribe("2001", Map.of());
        SubscriptionRequested requested = next(SubscriptionRequested.class);
        assertEquals(Duration.ofSeconds(3600), requested.expires(), "no Expires: the longest this site grants");
        driver.acceptSubscription(requested.callId(), new MessageWaiting("2001", 0, 0));
        assertEquals(200, subscription.awaitFinal(WAIT).status());
        assertNotNull(notifyOf(subscription, WAIT));
        phone.answerRequestsWith(481); // the phone restarted and forgot the subscription
        driver.setMessageWaiting(new MessageWaiting("2001", 1, 0));
        assertNotNull(notifyOf(subscription, WAIT));
        long deadline = System.currentTimeMillis() + 3000;
        while (driver.subscriptions() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, driver.subscriptions(), "a 481 to a NOTIFY ends the subscription (RFC 6665 §4.1.3)");
    }

    @Test
    void subscriptionsAreRefusedInTheEventFrameworksTerms() throws Exception {
        SipTestPhone.Message presence = subscribe("2001", Map.of("Event", "presence")).awaitFinal(WAIT);
        assertEquals(489, presence.status());
        assertEquals("message-summary", presence.header("allow-events"));
        SipTestPhone.Message text = subscribe("2001", Map.of("Accept", "text/plain")).awaitFinal(WAIT);
        assertEquals(406, text.status());
        SipTestPhone.Message brief = subscribe("2001", Map.of("Expires", "10")).awaitFinal(WAIT);
        assertEquals(423, brief.status());
        assertEquals("60", brief.header("min-expires"));
        assertTrue(events.isEmpty(), "none of these reached the application: " + events);

        SipTestPhone.Call unknown = subscribe("2999", Map.of());
        driver.rejectSubscription(next(SubscriptionRequested.class).callId(), RejectCause.NO_SUCH_MAILBOX);
        assertEquals(404, unknown.awaitFinal(WAIT).status());

        SipTestPhone.Call undecided = subscribe("2001", Map.of());
        next(SubscriptionRequested.class);
        Thread.sleep(2100);
        driver.sweep();
        assertEquals(503, undecided.awaitFinal(WAIT).status());

        unknown.subscribeAgain(600);
        SipTestPhone.Message stale = phone.await(unknown.callId, WAIT);
        assertEquals(481, stale.status(), "a refresh of a subscription that does not exist");
        assertEquals(0, driver.subscriptions());
    }

    @Test
    void optionsKeepAliveIsAnswered() throws Exception {
        SipTestPhone.Call call = phone.options("sip:8000@127.0.0.1:" + port);
        SipTestPhone.Message r = phone.await(call.callId, WAIT);
        assertEquals(200, r.status());
        assertTrue(r.header("allow").contains("INVITE") && r.header("allow").contains("SUBSCRIBE"), r.header("allow"));
        assertEquals("message-summary", r.header("allow-events"));
    }

    @Test
    void badInputGetsProtocolErrorsAndTheTrunkKeepsWorking() throws Exception {
        phone.send(new byte[] {0, 1, 2, 3, (byte) 0xFF, 13, 10, 13, 10});
        phone.send("GARBAGE\r\n\r\n");
        phone.send("INVITE sip:8000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + phone.sipPort()
                + ";branch=z9hG4bKnocallid\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:8000@127.0.0.1>\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");

        SipTestPhone.Call badSdp = phone.inviteWithBody("sip:8000@127.0.0.1:" + port, "sip:1@127.0.0.1", "sip:2001@127.0.0.1", "this is not SDP");
        SipTestPhone.Message r = badSdp.awaitFinal(WAIT);
        assertEquals(400, r.status());
        assertTrue(r.header("warning").contains("v=0"), r.header("warning"));

        SipTestPhone.Call noG711 = phone.inviteWithBody("sip:8000@127.0.0.1:" + port, "sip:1@127.0.0.1", "sip:2001@127.0.0.1",
                "v=0\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\n");
        assertEquals(488, noG711.awaitFinal(WAIT).status());

        SipTestPhone.Call noSdp = phone.inviteWithBody("sip:8000@127.0.0.1:" + port, "sip:1@127.0.0.1", "sip:2001@127.0.0.1", null);
        assertEquals(488, noSdp.awaitFinal(WAIT).status());
        assertTrue(events.isEmpty(), "nothing malformed reached the application: " + events);

        SipTestPhone.Call good = divertedCall("2001");
        driver.reject(next(CallOffered.class).callId(), RejectCause.NO_SUCH_MAILBOX);
        assertEquals(404, good.awaitFinal(WAIT).status());
    }

    @Test
    void requestsFromUntrustedAddressesAreRefused() throws Exception {
        driver.stop();
        driver = new SipTrunkDriver(new SipTrunkSettings("127.0.0.1", port, List.of("udp"), "", 30000, 30010,
                Duration.ofSeconds(2), Duration.ofSeconds(3), "", TrustedPeers.parse("10.9.9.9, 192.168.0.0/16"), 0, 0), services);
        driver.start();
        SipTestPhone.Call call = divertedCall("2001");
        SipTestPhone.Message r = call.awaitFinal(WAIT);
        assertEquals(403, r.status());
        assertTrue(events.isEmpty(), "the application never saw the untrusted call");
    }

    @Test
    void aboveTheCallLimitNewCallsGet503WithRetryAfterAndTheCallsInProgressKeepTheirAudio() throws Exception {
        restartWithLimits(2, 0, Duration.ofSeconds(2));
        UUID messageId = UUID.randomUUID();
        SipTestPhone.Call recording = answeredCall("2001", messageId);
        recording.ack();
        SipTestPhone.Call waiting = divertedCall("2002");
        CallOffered second = next(CallOffered.class);

        SipTestPhone.Message busy = divertedCall("2003").awaitFinal(WAIT);
        assertEquals(503, busy.status());
        assertEquals("5", busy.header("retry-after").trim(), "the PBX is told when to try again");
        assertEquals(1, driver.refusedBusy());
        assertNull(events.poll(300, TimeUnit.MILLISECONDS), "the application never saw the refused call");

        // The calls in progress go on: the recording keeps every packet, the undecided call can still be answered.
        Thread.sleep(600);
        phone.sendAudio(recording.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, Duration.ofSeconds(2), 6000));
        recording.bye();
        RecordingFinished done = next(RecordingFinished.class);
        assertEquals(messageId, done.messageId());
        assertEquals(0, done.statistics().packetsLost());
        assertTrue(done.audio().duration().toMillis() >= 1900, "recorded " + done.audio().duration());
        driver.reject(second.callId(), RejectCause.NO_SUCH_MAILBOX);
        assertEquals(404, waiting.awaitFinal(WAIT).status());

        assertNoActiveCallsWithin(WAIT);
        divertedCall("2004");
        assertEquals("2004", next(CallOffered.class).calledNumber(), "with room again, calls are taken");
        assertEquals(2 * MediaEngine.defaultThreads(), services.threads.size(),
                "media threads: the engine's, for the first trunk and this one, none per call");
    }

    @Test
    void whileTooManyCallsWaitForTheApplicationsDecisionNewCallsGet503() throws Exception {
        restartWithLimits(0, 2, Duration.ofSeconds(5));
        SipTestPhone.Call answered = answeredCall("2001", UUID.randomUUID());
        answered.ack();
        // An answered call is not waiting for a decision: two more may wait.
        SipTestPhone.Call waiting = divertedCall("2002");
        CallOffered second = next(CallOffered.class);
        divertedCall("2003");
        next(CallOffered.class);

        SipTestPhone.Message busy = divertedCall("2004").awaitFinal(WAIT);
        assertEquals(503, busy.status(), "two calls wait for the application: a third is refused at once");
        assertEquals("5", busy.header("retry-after").trim());
        assertEquals(1, driver.refusedBusy());
        assertNull(events.poll(300, TimeUnit.MILLISECONDS), "the application never saw the refused call");

        driver.reject(second.callId(), RejectCause.NO_SUCH_MAILBOX);
        assertEquals(404, waiting.awaitFinal(WAIT).status());
        divertedCall("2005");
        assertEquals("2005", next(CallOffered.class).calledNumber(), "one decided: a new call is offered again");
        answered.bye();
    }

    /** The trunk again, with a call limit and a limit of calls waiting for a decision (0: none). */
    private void restartWithLimits(int maxCalls, int maxUndecided, Duration decisionTimeout) throws Exception {
        driver.stop();
        int rtp = freePort() & ~1;
        driver = new SipTrunkDriver(new SipTrunkSettings("127.0.0.1", port, List.of("udp", "tcp"), "", rtp, rtp + 20,
                decisionTimeout, Duration.ofSeconds(3), "", TrustedPeers.parse("127.0.0.1"), maxCalls, maxUndecided), services);
        driver.start();
    }

    /** A diverted call answered with a beep and recording. */
    private SipTestPhone.Call answeredCall(String extension, UUID messageId) throws Exception {
        SipTestPhone.Call call = divertedCall(extension);
        CallOffered offered = next(CallOffered.class);
        driver.answerAndRecord(offered.callId(), new RecordingRequest(messageId, extension,
                List.of(new Prompt("beep", SipTestPhone.tone(1000, Duration.ofMillis(500), 8000))), Duration.ofSeconds(60)));
        assertEquals(200, call.awaitFinal(WAIT).status());
        return call;
    }

    @Test
    void withoutApplicationCallsGet503() throws Exception {
        services.listening = false;
        SipTestPhone.Call call = divertedCall("2001");
        assertEquals(503, call.awaitFinal(WAIT).status());
    }

    @Test
    void stopReleasesTheSipPortAndThreads() throws Exception {
        driver.stop();
        long deadline = System.currentTimeMillis() + 3000;
        while (liveEventScanners() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, liveEventScanners(), "JAIN-SIP's event scanner thread ends with the trunk");
        for (Thread t : services.threads) {
            t.join(2000);
            assertTrue(!t.isAlive(), "media thread " + t + " ends with the trunk");
        }
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
             ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertTrue(udp.isBound() && tcp.isBound());
        }
        driver.start(); // and it can come back on the same port
        SipTestPhone.Call call = divertedCall("2001");
        driver.reject(next(CallOffered.class).callId(), RejectCause.NO_SUCH_MAILBOX);
        assertEquals(404, call.awaitFinal(WAIT).status());
    }

    private static long liveEventScanners() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("EventScannerThread") && t.isAlive()).count();
    }

    // ---- the phone menu: keys, interruptions, recordings that do not end the call ----

    private SipTestPhone.Call pilotCall() throws IOException {
        return phone.invite("sip:8000@127.0.0.1:" + port, "sip:2001@127.0.0.1", "sip:8000@127.0.0.1", Map.of(), AudioEncoding.PCMU);
    }

    private static Prompt beep(int millis) {
        return new Prompt("beep", SipTestPhone.tone(1000, Duration.ofMillis(millis), 8000));
    }

    @Test
    void aMenuCallCollectsKeysFromTelephoneEventsAndSipInfoAndEndsWhenTheServiceHangsUp() throws Exception {
        SipTestPhone.Call call = pilotCall();
        String callId = next(CallOffered.class).callId();
        driver.menu(callId, new MenuStep.Collect("pin", List.of(beep(300)), 6, Duration.ofSeconds(3)));
        assertEquals(200, call.awaitFinal(WAIT).status());
        call.ack();
        Thread.sleep(400);
        phone.sendKey(call.serverMedia(), '1');
        phone.sendKey(call.serverMedia(), '2');
        call.info("application/dtmf-relay", "Signal=3\r\nDuration=160\r\n");
        assertEquals(200, call.awaitResponse("INFO", WAIT).status());
        Thread.sleep(200);
        call.info("application/dtmf", "4");
        assertEquals(200, call.awaitResponse("INFO", WAIT).status());
        Thread.sleep(200);
        phone.sendKey(call.serverMedia(), '#');
        MenuInput pin = next(MenuInput.class);
        assertEquals("pin", pin.stepId());
        assertEquals("1234", pin.digits(), "each key once, in order, without the #");
        assertEquals(MenuInput.End.TERMINATED, pin.end());

        call.info("text/plain", "hello");
        SipTestPhone.Message refused = call.awaitResponse("INFO", WAIT);
        assertEquals(415, refused.status(), "an INFO that is not a key is refused in SIP's terms");

        driver.menu(callId, new MenuStep.HangUp(List.of(beep(400))));
        SipTestPhone.Message bye = phone.await(call.callId, WAIT);
        assertTrue(bye != null && bye.isRequest("BYE"), "the service hangs up after the goodbye");
        assertEquals(CallEnded.CallEndCause.COMPLETED, next(CallEnded.class).cause());
        assertTrue(phone.heard().length >= 8 * 650, "both prompts were heard: " + phone.heard().length / 8 + " ms");
        assertEquals(0, driver.activeCalls());
    }

    @Test
    void aKeyInterruptsAPromptAndKeysTypedAheadAnswerTheNextStep() throws Exception {
        SipTestPhone.Call call = pilotCall();
        String callId = next(CallOffered.class).callId();
        driver.menu(callId, new MenuStep.Collect("summary", List.of(beep(5000)), 0, Duration.ofSeconds(3)));
        assertEquals(200, call.awaitFinal(WAIT).status());
        call.ack();
        Thread.sleep(500);
        phone.sendKey(call.serverMedia(), '6');
        MenuInput interrupted = next(MenuInput.class);
        assertEquals(MenuInput.End.INTERRUPTED, interrupted.end());
        assertEquals("", interrupted.digits());
        Thread.sleep(200);
        assertTrue(phone.heard().length < 8 * 2000, "the prompt stopped at the key: heard " + phone.heard().length / 8 + " ms");

        int heardBefore = phone.heard().length;
        driver.menu(callId, new MenuStep.Collect("main", List.of(beep(3000)), 1, Duration.ofSeconds(3)));
        MenuInput main = next(MenuInput.class);
        assertEquals("6", main.digits(), "the key pressed during the summary chose in the menu");
        assertEquals(MenuInput.End.MAX_DIGITS, main.end());
        Thread.sleep(200);
        assertTrue(phone.heard().length - heardBefore < 8 * 200, "a prompt already answered is not played");

        driver.menu(callId, new MenuStep.Collect("again", List.of(), 4, Duration.ofMillis(700)));
        MenuInput nothing = next(MenuInput.class);
        assertEquals(MenuInput.End.TIMEOUT, nothing.end());
        assertEquals("", nothing.digits());
        call.bye();
        assertEquals(CallEnded.CallEndCause.HUNG_UP, next(CallEnded.class).cause());
    }

    @Test
    void aStepAfterAMistakeDropsTheKeysTypedAheadAndIsHeard() throws Exception {
        SipTestPhone.Call call = pilotCall();
        String callId = next(CallOffered.class).callId();
        driver.menu(callId, new MenuStep.Collect("pin", List.of(), 4, Duration.ofSeconds(3)));
        assertEquals(200, call.awaitFinal(WAIT).status());
        call.ack();
        Thread.sleep(300);
        for (char key : "12#78".toCharArray()) {
            phone.sendKey(call.serverMedia(), key);
        }
        MenuInput wrong = next(MenuInput.class);
        assertEquals("12", wrong.digits());
        assertEquals(MenuInput.End.TERMINATED, wrong.end());
        Thread.sleep(300); // 7 and 8 are typed ahead by now

        int heardBefore = phone.heard().length;
        driver.menu(callId, new MenuStep.Collect("pin", List.of(beep(1000)), 4, Duration.ofMillis(700), true));
        MenuInput again = next(MenuInput.class);
        assertEquals("", again.digits(), "the keys typed before the step were dropped");
        assertEquals(MenuInput.End.TIMEOUT, again.end());
        int heard = phone.heard().length - heardBefore;
        assertTrue(heard >= 8 * 900, "the prompt after the mistake was played, not skipped: heard " + heard / 8 + " ms");

        driver.menu(callId, new MenuStep.Collect("pin", List.of(beep(3000)), 4, Duration.ofSeconds(3), true));
        Thread.sleep(300);
        for (char key : "5#".toCharArray()) {
            phone.sendKey(call.serverMedia(), key);
        }
        MenuInput typedDuringIt = next(MenuInput.class);
        assertEquals("5", typedDuringIt.digits(), "keys pressed once the step began still count (and stop its prompt)");
        call.bye();
        assertEquals(CallEnded.CallEndCause.HUNG_UP, next(CallEnded.class).cause());
    }

    @Test
    void aMenuRecordingEndsOnAKeyAndTheCallGoesOn() throws Exception {
        SipTestPhone.Call call = pilotCall();
        String callId = next(CallOffered.class).callId();
        driver.menu(callId, new MenuStep.Record("greeting", List.of(beep(300)), Duration.ofSeconds(60), Duration.ZERO));
        assertEquals(200, call.awaitFinal(WAIT).status());
        call.ack();
        Thread.sleep(400);
        phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, Duration.ofMillis(1500), 6000));
        phone.sendKey(call.serverMedia(), '#');
        MenuInput recorded = next(MenuInput.class);
        assertEquals(MenuInput.End.RECORDED, recorded.end());
        assertEquals(RecordingEnd.KEY_PRESSED, recorded.recordingEnd());
        assertEquals("#", recorded.digits());
        long ms = recorded.recording().duration().toMillis();
        assertTrue(ms >= 1400 && ms <= 1800, "recorded " + ms + " ms of a 1500 ms tone");
        assertTrue(SipTestPhone.rms(AudioEncoding.PCMU, recorded.recording().samples()) > 3000);
        assertEquals(1, driver.activeCalls(), "the call goes on after a menu recording");
        assertNull(phone.await(call.callId, Duration.ofMillis(300)), "no BYE");

        call.bye();
        assertEquals(CallEnded.CallEndCause.HUNG_UP, next(CallEnded.class).cause());
        assertEquals(0, driver.activeCalls());
    }

    @Test
    void keysMeanNothingToACallerLeavingAMessage() throws Exception {
        SipTestPhone.Call call = divertedCall("2001");
        String callId = next(CallOffered.class).callId();
        driver.answerAndRecord(callId, new RecordingRequest(UUID.randomUUID(), "2001", List.of(beep(200)), Duration.ofSeconds(60)));
        assertEquals(200, call.awaitFinal(WAIT).status());
        call.ack();
        Thread.sleep(300);
        phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, Duration.ofMillis(800), 6000));
        phone.sendKey(call.serverMedia(), '#');
        phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, Duration.ofMillis(800), 6000));
        call.bye();
        RecordingFinished done = next(RecordingFinished.class);
        assertEquals(RecordingEnd.CALLER_HUNG_UP, done.end());
        assertTrue(done.audio().duration().toMillis() >= 1500, "the recording went on past the key: " + done.audio().duration());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
