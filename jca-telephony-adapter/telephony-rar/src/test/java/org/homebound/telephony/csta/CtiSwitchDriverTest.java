package org.homebound.telephony.csta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.homebound.telephony.api.CallEvent;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.DiversionReason;
import org.homebound.telephony.api.MessageWaiting;
import org.homebound.telephony.api.RecordingEnd;
import org.homebound.telephony.api.RecordingFinished;
import org.homebound.telephony.api.RecordingRequest;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.sip.QueueingServices;
import org.homebound.telephony.sip.SipTrunkDriver;
import org.homebound.telephony.sip.SipTrunkSettings;
import org.homebound.telephony.sip.TrustedPeers;
import org.homebound.telephony.testing.CstaSwitchSimulator;
import org.homebound.telephony.testing.SipTestPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The switch reached both ways: the simulated CSTA switch reports and controls the call, the test
 * phone plays the switch's SIP side of the same call towards the real trunk.
 */
class CtiSwitchDriverTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final QueueingServices services = new QueueingServices();
    private CstaSwitchSimulator pbx;
    private CtiSwitchDriver driver;
    private SipTestPhone phone;
    private int port;

    @BeforeEach
    void start() throws Exception {
        start("", false);
    }

    private void start(String handleNormallyTo, boolean callControl) throws Exception {
        pbx = new CstaSwitchSimulator(CstaEdition.ED5, CstaSwitchSimulator.Flavor.OPENSCAPE);
        port = freePort();
        int rtp = freePort() & ~1;
        SipTrunkDriver sip = new SipTrunkDriver(new SipTrunkSettings("127.0.0.1", port, List.of("udp"), "", rtp, rtp + 10,
                Duration.ofSeconds(3), Duration.ofSeconds(3), "", TrustedPeers.parse("127.0.0.1"), 0, 0), services);
        CstaSettings settings = new CstaSettings("127.0.0.1", pbx.port(), CstaSettings.Tls.PLAIN, CstaEdition.ED5, "Homebound", Duration.ofSeconds(180),
                List.of("8000"), List.of("4001"), "{number}", "", "", "", Duration.ofSeconds(2), Duration.ofMillis(100),
                Duration.ofMillis(400), Duration.ofSeconds(1));
        driver = new CtiSwitchDriver(sip, settings, callControl, handleNormallyTo, services);
        driver.start();
        assertTrue(pbx.awaitMonitors(WAIT, "8000", "4001"));
        awaitLinkUp();
        phone = new SipTestPhone("127.0.0.1", port);
    }

    @AfterEach
    void stop() throws Exception {
        phone.close();
        driver.stop();
        pbx.close();
    }

    private void awaitLinkUp() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!driver.link().up() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(driver.link().up());
    }

    private <T extends CallEvent> T next(Class<T> type) throws InterruptedException {
        CallEvent e = services.events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(e, "no " + type.getSimpleName() + " within " + WAIT);
        return assertInstanceOf(type, e);
    }

    /** The switch's SIP leg to the voicemail port: to the pilot, nothing about a diversion in it. */
    private SipTestPhone.Call inviteFrom(String caller) throws IOException {
        return phone.invite("sip:8000@127.0.0.1:" + port, "sip:" + caller + "@127.0.0.1", "sip:8000@127.0.0.1", Map.of(), AudioEncoding.PCMU);
    }

    @Test
    void aCallRecordedWithTheReasonAndMailboxTheSwitchReportedAndEndedByConnectionCleared() throws Exception {
        pbx.deliver("7001", "8000", "1001", "4001", "4001", "callForwardBusy");
        SipTestPhone.Call call = inviteFrom("1001");
        CallOffered offered = next(CallOffered.class);
        assertEquals("4001", offered.calledNumber());
        assertEquals(DiversionReason.BUSY, offered.reason());
        assertEquals("csta", offered.driver());

        UUID id = UUID.randomUUID();
        driver.answerAndRecord(offered.callId(), new RecordingRequest(id, "4001", List.of(), Duration.ofSeconds(60)));
        assertEquals(200, call.awaitFinal(WAIT).status());
        call.ack();
        phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, Duration.ofSeconds(1), 6000));
        pbx.clear("7001", "8000"); // the switch says the caller is gone; its BYE is late or lost
        RecordingFinished done = next(RecordingFinished.class);
        assertEquals(id, done.messageId());
        assertEquals(RecordingEnd.CALLER_HUNG_UP, done.end());
        assertEquals(DiversionReason.BUSY, done.reason());
        long ms = done.audio().duration().toMillis();
        assertTrue(ms >= 900 && ms <= 1200, "recorded " + ms + " ms of 1000");
    }

    @Test
    void anInviteThatArrivesFirstWaitsForTheDivertedEvent() throws Exception {
        SipTestPhone.Call call = inviteFrom("1002");
        assertNull(services.events.poll(200, TimeUnit.MILLISECONDS), "waiting for the switch's report");
        pbx.divert("7002", "4001", "8000", "1002", "callForwardNoAnswer");
        CallOffered offered = next(CallOffered.class);
        assertEquals("4001", offered.calledNumber());
        assertEquals(DiversionReason.NO_ANSWER, offered.reason());
        driver.reject(offered.callId(), org.homebound.telephony.api.RejectCause.MAILBOX_FULL);
        assertEquals(480, call.awaitFinal(WAIT).status(), "refused the SIP way: the switch goes on with its own treatment");
    }

    @Test
    void aRedirectIsADeflectCallOnTheSwitchAndThe302OnlyWhenTheSwitchRefuses() throws Exception {
        pbx.deliver("7003", "8000", "1003", "4001", "4001", "callForwardNoAnswer");
        SipTestPhone.Call call = inviteFrom("1003");
        driver.redirect(next(CallOffered.class).callId(), "1000");
        CstaSwitchSimulator.Received deflect = pbx.await("DeflectCall", WAIT);
        assertEquals("7003", deflect.xml().text("callToBeDiverted", "callID"));
        assertEquals("8000", deflect.xml().text("callToBeDiverted", "deviceID"));
        assertEquals("1000", deflect.xml().text("newDestination"));
        assertNull(call.awaitFinal(Duration.ofMillis(500)), "no 302 on the trunk: the switch moved the call");
        call.cancel(); // as the switch does with the leg it no longer needs
        assertEquals(487, call.awaitFinal(WAIT).status());
        next(org.homebound.telephony.api.CallEnded.class);

        pbx.deliver("7004", "8000", "1004", "4001", "4001", "callForwardNoAnswer");
        SipTestPhone.Call second = inviteFrom("1004");
        pbx.refuse("DeflectCall", "invalidDestination");
        driver.redirect(next(CallOffered.class).callId(), "sip:operator@127.0.0.1");
        assertEquals(302, second.awaitFinal(WAIT).status(), "the trunk's redirect when the switch refused");
    }

    @Test
    void aCallVoicemailDoesNotTakeIsDeflectedToTheConfiguredDestination() throws Exception {
        stop();
        start("1000", false);
        pbx.deliver("7006", "8000", "1006", "4999", "4999", "callForwardNoAnswer");
        SipTestPhone.Call call = inviteFrom("1006");
        CallOffered offered = next(CallOffered.class);
        assertEquals("4999", offered.calledNumber());
        driver.reject(offered.callId(), org.homebound.telephony.api.RejectCause.NO_SUCH_MAILBOX);
        CstaSwitchSimulator.Received deflect = pbx.await("DeflectCall", WAIT);
        assertEquals("7006", deflect.xml().text("callToBeDiverted", "callID"));
        assertEquals("1000", deflect.xml().text("newDestination"));
        assertNull(call.awaitFinal(Duration.ofMillis(500)), "the trunk leg is left for the switch to cancel");
        call.cancel();
        assertEquals(487, call.awaitFinal(WAIT).status());
    }

    @Test
    void aSwitchThatWantsCallControlGetsAnswerCallBeforeTheAnswerAndClearConnectionForARefusal() throws Exception {
        stop();
        start("", true);
        pbx.deliver("7007", "8000", "1007", "4001", "4001", "callForwardNoAnswer");
        SipTestPhone.Call call = inviteFrom("1007");
        CallOffered offered = next(CallOffered.class);
        driver.answerAndRecord(offered.callId(), new RecordingRequest(UUID.randomUUID(), "4001", List.of(), Duration.ofSeconds(60)));
        CstaSwitchSimulator.Received answer = pbx.await("AnswerCall", WAIT);
        assertEquals("7007", answer.xml().text("callToBeAnswered", "callID"));
        assertEquals("8000", answer.xml().text("callToBeAnswered", "deviceID"));
        SipTestPhone.Message ok = call.awaitFinal(WAIT);
        assertEquals(200, ok.status());
        call.ack();
        call.bye();
        next(RecordingFinished.class);

        pbx.deliver("7008", "8000", "1008", "4001", "4001", "callForwardNoAnswer");
        SipTestPhone.Call refused = inviteFrom("1008");
        driver.reject(next(CallOffered.class).callId(), org.homebound.telephony.api.RejectCause.MAILBOX_FULL);
        CstaSwitchSimulator.Received clear = pbx.await("ClearConnection", WAIT);
        assertEquals("7008", clear.xml().text("connectionToBeCleared", "callID"));
        assertNull(refused.awaitFinal(Duration.ofMillis(500)), "the switch ends the trunk leg");
        refused.cancel();
        assertEquals(487, refused.awaitFinal(WAIT).status());
    }

    @Test
    void lampsGoToTheSwitchAndAnOlderStateArrivingLateDoesNotWin() throws Exception {
        java.time.Instant t = java.time.Instant.now();
        driver.setMessageWaiting(new MessageWaiting("4001", 1, 0, t));
        assertTrue(pbx.awaitLamp("4001", true, WAIT));
        driver.setMessageWaiting(new MessageWaiting("4001", 0, 1, t.plusSeconds(1)));
        driver.setMessageWaiting(new MessageWaiting("4001", 1, 0, t)); // stale
        assertTrue(pbx.awaitLamp("4001", false, WAIT));
        Thread.sleep(300);
        assertEquals(Boolean.FALSE, pbx.lamps().get("4001"));
    }

    @Test
    void withTheLinkDownCallsGoOnAsSipSaysAndLampsWaitForTheLink() throws Exception {
        pbx.close();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (driver.link().up() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        SipTestPhone.Call call = phone.invite("sip:8000@127.0.0.1:" + port, "sip:1005@127.0.0.1", "sip:4001@127.0.0.1",
                Map.of("Diversion", "<sip:4001@127.0.0.1>;reason=user-busy"), AudioEncoding.PCMU);
        CallOffered offered = next(CallOffered.class);
        assertEquals("4001", offered.calledNumber());
        assertEquals(DiversionReason.BUSY, offered.reason());
        assertEquals("sip", offered.driver());
        driver.reject(offered.callId(), org.homebound.telephony.api.RejectCause.NO_SUCH_MAILBOX);
        assertEquals(404, call.awaitFinal(WAIT).status());
        driver.setMessageWaiting(new MessageWaiting("4001", 2, 0));
        assertTrue(driver.link().monitors().isEmpty());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
