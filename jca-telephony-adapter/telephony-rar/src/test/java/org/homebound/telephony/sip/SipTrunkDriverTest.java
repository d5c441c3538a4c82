package org.homebound.telephony.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jakarta.resource.spi.work.Work;
import org.homebound.telephony.adapter.AdapterServices;
import org.homebound.telephony.api.CallEnded;
import org.homebound.telephony.api.CallEvent;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.DiversionReason;
import org.homebound.telephony.api.Prompt;
import org.homebound.telephony.api.RecordingEnd;
import org.homebound.telephony.api.RecordingFinished;
import org.homebound.telephony.api.RecordingRequest;
import org.homebound.telephony.api.RejectCause;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.testing.SipTestPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SIP trunk against a scripted phone on loopback: real JAIN-SIP stack, real sockets, no container. */
class SipTrunkDriverTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final BlockingQueue<CallEvent> events = new LinkedBlockingQueue<>();
    private volatile boolean listening = true;
    private SipTrunkDriver driver;
    private SipTestPhone phone;
    private int port;

    private final AdapterServices services = new AdapterServices() {
        @Override
        public boolean hasListeners() {
            return listening;
        }

        @Override
        public void deliver(CallEvent event, Runnable onFailure) {
            events.add(event);
        }

        @Override
        public void startLongRunning(Work work) {
            Thread t = new Thread(work, "test-media");
            t.setDaemon(true);
            t.start();
        }
    };

    @BeforeEach
    void start() throws Exception {
        port = freePort();
        int rtp = freePort() & ~1;
        driver = new SipTrunkDriver(new SipTrunkSettings("127.0.0.1", port, List.of("udp", "tcp"), "", rtp, rtp + 20,
                Duration.ofSeconds(2), Duration.ofSeconds(3), "", TrustedPeers.parse("127.0.0.1")), services);
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
        assertEquals(0, driver.activeCalls());
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

    @Test
    void optionsKeepAliveIsAnswered() throws Exception {
        SipTestPhone.Call call = phone.options("sip:8000@127.0.0.1:" + port);
        SipTestPhone.Message r = phone.await(call.callId, WAIT);
        assertEquals(200, r.status());
        assertTrue(r.header("allow").contains("INVITE"));
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
                Duration.ofSeconds(2), Duration.ofSeconds(3), "", TrustedPeers.parse("10.9.9.9, 192.168.0.0/16")), services);
        driver.start();
        SipTestPhone.Call call = divertedCall("2001");
        SipTestPhone.Message r = call.awaitFinal(WAIT);
        assertEquals(403, r.status());
        assertTrue(events.isEmpty(), "the application never saw the untrusted call");
    }

    @Test
    void withoutApplicationCallsGet503() throws Exception {
        listening = false;
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
