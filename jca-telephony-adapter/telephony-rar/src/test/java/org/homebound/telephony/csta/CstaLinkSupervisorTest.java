package org.homebound.telephony.csta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.DiversionReason;
import org.homebound.telephony.testing.CstaSwitchSimulator;
import org.homebound.telephony.testing.CstaSwitchSimulator.Flavor;
import org.homebound.telephony.testing.TestCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CTI link against the simulated switch on loopback: real sockets, real framing, the supervisor's own threads. */
class CstaLinkSupervisorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private CstaSwitchSimulator pbx;
    private CstaLinkSupervisor link;
    private final CstaCalls calls = new CstaCalls(Duration.ofSeconds(2));
    private final BlockingQueue<String> cleared = new LinkedBlockingQueue<>();

    private void start(CstaEdition edition, Flavor flavor, String loginHook, String user, String password,
                       java.util.function.Consumer<CstaSwitchSimulator> configure) throws Exception {
        pbx = new CstaSwitchSimulator(edition, flavor);
        configure.accept(pbx);
        connect("127.0.0.1", CstaSettings.Tls.PLAIN, edition, flavor, loginHook, user, password);
    }

    private void connect(String host, CstaSettings.Tls tls, CstaEdition edition, Flavor flavor, String loginHook, String user,
                         String password) {
        CstaSettings settings = new CstaSettings(host, pbx.port(), tls, edition, "Homebound", Duration.ofSeconds(180),
                List.of("8000"), CstaSettings.parseDevices("4001-4002"), flavor == Flavor.AVAYA ? "{number}:CM1::0" : "{number}",
                loginHook, user, password, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(2));
        link = new CstaLinkSupervisor(settings, work -> {
            Thread t = new Thread(work, "test-csta");
            t.setDaemon(true);
            t.start();
        }, calls, cleared::add);
        Thread t = new Thread(link, "test-csta-supervisor");
        t.setDaemon(true);
        t.start();
    }

    /** The simulated switch speaks TLS with {@code presented}; the link trusts {@code trusted} and connects to {@code host}. */
    private void startTls(TestCertificate presented, TestCertificate trusted, String host) throws Exception {
        pbx = new CstaSwitchSimulator(CstaEdition.ED5, Flavor.OPENSCAPE, presented.serverContext());
        connect(host, CstaSettings.Tls.trusting(trusted.pem().toString()), CstaEdition.ED5, Flavor.OPENSCAPE, "", "", "");
    }

    private void start() throws Exception {
        start(CstaEdition.ED4, Flavor.OPENSCAPE, "", "", "", p -> { });
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.stop();
        }
        if (pbx != null) {
            pbx.close();
        }
    }

    private void awaitUp() throws InterruptedException {
        assertTrue(pbx.awaitMonitors(WAIT, "8000", "4001", "4002"), "session and monitors");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!link.up() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(link.up());
    }

    @Test
    void aSessionIsStartedInTheConfiguredEditionWithMonitorsAndSystemStatusAndLampsAreSet() throws Exception {
        start();
        awaitUp();
        CstaSwitchSimulator.Received session = pbx.await("StartApplicationSession", WAIT);
        assertEquals("Homebound", session.xml().text("applicationInfo", "applicationID"));
        assertEquals(CstaEdition.ED4.namespace(), session.xml().text("requestedProtocolVersions", "protocolVersion"));
        assertNotNull(pbx.await("SystemRegister", WAIT));
        assertEquals(3, link.monitors().size());

        link.lamp("4001", true);
        assertTrue(pbx.awaitLamp("4001", true, WAIT));
        link.lamp("4001", false);
        assertTrue(pbx.awaitLamp("4001", false, WAIT));

        assertEquals("SystemStatusResponse", pbx.systemStatus(WAIT).name(), "the switch's SystemStatus is answered");
    }

    @Test
    void overTlsToASwitchWhoseTrustedCertificateNamesTheHostTheSessionEventsAndLampsWork(@TempDir Path dir) throws Exception {
        TestCertificate switchCert = TestCertificate.make(dir, "switch", "dns:localhost,ip:127.0.0.1");
        startTls(switchCert, switchCert, "localhost");
        awaitUp();
        pbx.deliver("t1", "8000", "1001", "4001", "4001", "callForwardBusy");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (calls.byCallId("t1").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(DiversionReason.BUSY, calls.byCallId("t1").orElseThrow().reason());
        link.lamp("4002", true);
        assertTrue(pbx.awaitLamp("4002", true, WAIT));
    }

    @Test
    void overTlsACertificateForAnotherHostOrNotTrustedGetsNoSessionAndTheLinkKeepsTrying(@TempDir Path dir) throws Exception {
        TestCertificate elsewhere = TestCertificate.make(dir, "elsewhere", "dns:switch.example.com");
        startTls(elsewhere, elsewhere, "127.0.0.1"); // trusted, but not for this address
        assertRefusedAndRetried();
        link.stop();
        pbx.close();

        TestCertificate impostor = TestCertificate.make(dir, "impostor", "dns:localhost,ip:127.0.0.1");
        TestCertificate real = TestCertificate.make(dir, "real", "dns:localhost,ip:127.0.0.1");
        startTls(impostor, real, "localhost"); // the right name, signed by nobody trusted
        assertRefusedAndRetried();
    }

    private void assertRefusedAndRetried() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (pbx.connectionsAccepted() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(pbx.connectionsAccepted() >= 3, "it tries again");
        assertEquals(0, pbx.sessionsStarted(), "nothing was said before the switch was verified");
        assertFalse(link.up());
    }

    @Test
    void aSwitchThatWantsAClientCertificateGetsTheConfiguredOneAndNoLinkWithoutIt(@TempDir Path dir) throws Exception {
        TestCertificate switchCert = TestCertificate.make(dir, "switch", "dns:localhost,ip:127.0.0.1");
        TestCertificate homebound = TestCertificate.make(dir, "homebound", "dns:voicemail.example.com");
        pbx = new CstaSwitchSimulator(CstaEdition.ED5, Flavor.OPENSCAPE, switchCert.serverContext(homebound), true);
        connect("localhost", withClientCertificate(switchCert, homebound), CstaEdition.ED5, Flavor.OPENSCAPE, "", "", "");
        awaitUp();
        assertEquals("CN=homebound", pbx.clientCertificate(), "the switch saw Homebound's certificate");
        link.lamp("4002", true);
        assertTrue(pbx.awaitLamp("4002", true, WAIT));
        link.stop();
        pbx.close();

        pbx = new CstaSwitchSimulator(CstaEdition.ED5, Flavor.OPENSCAPE, switchCert.serverContext(homebound), true);
        connect("localhost", CstaSettings.Tls.trusting(switchCert.pem().toString()), CstaEdition.ED5, Flavor.OPENSCAPE, "", "", "");
        assertRefusedAndRetried(); // no client certificate configured

        TestCertificate stranger = TestCertificate.make(dir, "stranger", "dns:voicemail.example.com");
        link.stop();
        pbx.close();
        pbx = new CstaSwitchSimulator(CstaEdition.ED5, Flavor.OPENSCAPE, switchCert.serverContext(homebound), true);
        connect("localhost", withClientCertificate(switchCert, stranger), CstaEdition.ED5, Flavor.OPENSCAPE, "", "", "");
        assertRefusedAndRetried(); // one the switch does not trust
    }

    private static CstaSettings.Tls withClientCertificate(TestCertificate trusted, TestCertificate own) {
        return new CstaSettings.Tls(true, trusted.pem().toString(), own.keyStore().toString(), new String(own.password()));
    }

    @Test
    void aClientKeyStoreThatCannotBeOpenedIsAConfigurationErrorThatNamesTheFileNotThePassword(@TempDir Path dir) throws Exception {
        TestCertificate own = TestCertificate.make(dir, "homebound", "dns:voicemail.example.com");
        pbx = new CstaSwitchSimulator(CstaEdition.ED5, Flavor.OPENSCAPE);
        String wrong = "not-" + new String(own.password());
        IllegalArgumentException badPassword = assertThrows(IllegalArgumentException.class, () -> connect("localhost",
                new CstaSettings.Tls(true, "", own.keyStore().toString(), wrong), CstaEdition.ED5, Flavor.OPENSCAPE, "", "", ""));
        assertTrue(badPassword.getMessage().contains("homebound.p12"), badPassword.getMessage());
        assertFalse(badPassword.getMessage().contains(wrong), "the password is not in the message");

        IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class, () -> connect("localhost",
                new CstaSettings.Tls(true, "", own.keyStore().toString(), ""), CstaEdition.ED5, Flavor.OPENSCAPE, "", "", ""));
        assertTrue(noPassword.getMessage().contains("HOMEBOUND_CSTA_KEY_STORE_PASSWORD"), noPassword.getMessage());

        IllegalArgumentException certificateOnly = assertThrows(IllegalArgumentException.class, () -> connect("localhost",
                new CstaSettings.Tls(true, "", own.pem().toString(), "x"), CstaEdition.ED5, Flavor.OPENSCAPE, "", "", ""));
        assertTrue(certificateOnly.getMessage().contains("homebound.pem"), certificateOnly.getMessage());

        CstaSettings.Tls tls = new CstaSettings.Tls(true, "", own.keyStore().toString(), "s3cret-of-the-store");
        assertFalse(tls.toString().contains("s3cret"), "settings printed in a log keep the password out: " + tls);
    }

    @Test
    void aTrustFileThatCannotBeReadIsAConfigurationError(@TempDir Path dir) throws Exception {
        pbx = new CstaSwitchSimulator(CstaEdition.ED5, Flavor.OPENSCAPE);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> connect("localhost", CstaSettings.Tls.trusting(dir.resolve("none.pem").toString()), CstaEdition.ED5, Flavor.OPENSCAPE, "", "", ""));
        assertTrue(missing.getMessage().contains("none.pem"), missing.getMessage());
        Path notPem = Files.writeString(dir.resolve("notes.pem"), "not a certificate\n");
        assertThrows(IllegalArgumentException.class,
                () -> connect("localhost", CstaSettings.Tls.trusting(notPem.toString()), CstaEdition.ED5, Flavor.OPENSCAPE, "", "", ""));
    }

    @Test
    void avayaLoginDataAndDeviceIdsAndAWrongPasswordKeepsTryingWithoutASession() throws Exception {
        start(CstaEdition.ED3, Flavor.AVAYA, "avaya", "cti", "wrong", p -> p.requireLogin("cti", "s3cret"));
        Thread.sleep(1000);
        assertEquals(0, pbx.sessionsStarted());
        assertTrue(pbx.connectionsAccepted() >= 2, "it tries again, waiting longer each time");
        assertFalse(link.up());
        link.stop();
        pbx.close();

        start(CstaEdition.ED3, Flavor.AVAYA, "avaya", "cti", "s3cret", p -> p.requireLogin("cti", "s3cret"));
        awaitUp();
        link.lamp("4002", true);
        assertTrue(pbx.awaitLamp("4002", true, WAIT));
        assertEquals(Boolean.TRUE, pbx.lamps().get("4002:CM1::0"));
    }

    @Test
    void theSessionTimerIsResetBeforeItRunsOut() throws Exception {
        start(CstaEdition.ED6, Flavor.OPENSCAPE, "", "", "", p -> p.grantSessionSeconds(2));
        awaitUp();
        assertNotNull(pbx.await("ResetApplicationSessionTimer", Duration.ofSeconds(3)));
        Thread.sleep(2500);
        assertTrue(link.up());
        int connections = pbx.connectionsAccepted();
        Thread.sleep(1500);
        assertEquals(connections, pbx.connectionsAccepted(), "the session did not expire");
    }

    @Test
    void aLinkKilledMidStreamComesBackWithItsMonitorsAndLampsSetMeanwhileAreApplied() throws Exception {
        start();
        awaitUp();
        link.lamp("4001", true);
        assertTrue(pbx.awaitLamp("4001", true, WAIT));
        pbx.kill();
        link.lamp("4002", true); // while the link is down
        link.lamp("4001", false);
        awaitUp();
        assertTrue(pbx.awaitLamp("4002", true, WAIT));
        assertTrue(pbx.awaitLamp("4001", false, WAIT));
        assertEquals(2, pbx.sessionsStarted());
        assertNotNull(pbx.await("SnapshotDevice", WAIT), "calls at the voicemail device resynchronised");
    }

    @Test
    void callsDeliveredOrDivertedToVoicemailAreRememberedWithTheirReasonAndClearingIsReported() throws Exception {
        start();
        awaitUp();
        pbx.deliver("c1", "8000", "1001", "4001", "4001", "callForwardNoAnswer");
        pbx.divert("c2", "4002", "8000", "1002", "callForwardBusy");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (calls.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        CstaCalls.Call c1 = calls.byCallId("c1").orElseThrow();
        assertEquals("4001", c1.mailbox());
        assertEquals(DiversionReason.NO_ANSWER, c1.reason());
        assertEquals("8000", c1.device());
        CstaCalls.Call c2 = calls.byCallId("c2").orElseThrow();
        assertEquals("4002", c2.mailbox());
        assertEquals(DiversionReason.BUSY, c2.reason());

        calls.offered(new CallOffered("sip-1", "1001", "8000", DiversionReason.NOT_DIVERTED, "8000", "sip", Instant.now()),
                "", true, o -> { });
        pbx.clear("c1", "8000");
        assertEquals("sip-1", cleared.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void refusalsAreErrorsNamingTheRequestAndTheLinkStaysUp() throws Exception {
        start();
        awaitUp();
        pbx.deliver("c1", "8000", "1001", "4001", "4001", "callForwardNoAnswer");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (calls.byCallId("c1").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        CstaCalls.Call call = calls.byCallId("c1").orElseThrow();
        pbx.refuse("DeflectCall", "invalidDestination");
        CstaErrorException e = assertThrows(CstaErrorException.class, () -> link.deflect(call, "1000"));
        assertEquals("DeflectCall", e.request());
        assertTrue(e.error().contains("invalidDestination"), e.error());
        link.deflect(call, "1000");
        CstaSwitchSimulator.Received deflect = pbx.await("DeflectCall", WAIT);
        deflect = pbx.await("DeflectCall", WAIT); // the second one succeeded
        assertEquals("1000", deflect.xml().text("newDestination"));
        assertEquals("c1", deflect.xml().text("callToBeDiverted", "callID"));

        pbx.refuse("SetMessageWaitingIndicator", "invalidDeviceID");
        link.lamp("4001", true); // refused and logged
        link.lamp("4002", true);
        assertTrue(pbx.awaitLamp("4002", true, WAIT));
        assertTrue(link.up());
        assertEquals(1, pbx.sessionsStarted());
    }

    @Test
    void hostileFramesCloseTheLinkCleanlyAndItComesBack() throws Exception {
        start();
        awaitUp();
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<DeliveredEvent xmlns=\"" + CstaEdition.ED4.namespace() + "\"><cause>&x;</cause></DeliveredEvent>";
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">");
        for (int i = 1; i <= 8; i++) {
            laughs.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10)).append("\">");
        }
        laughs.append("]><SystemStatus>&a8;</SystemStatus>");
        byte[][] attacks = {
            CstaFrame.of(CstaFrame.EVENT, xxe).encode(),
            CstaFrame.of(CstaFrame.EVENT, laughs.toString()).encode(),
            {0, 0, (byte) 0xFF, (byte) 0xFF, '9', '9', '9', '9', '<', 'a'}, // promises 65,535 bytes, then the peer is gone
            "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            CstaFrame.of(CstaFrame.EVENT, "<DeliveredEvent><unclosed></DeliveredEvent>").encode(),
        };
        int sessions = pbx.sessionsStarted();
        for (byte[] attack : attacks) {
            pbx.sendRaw(attack);
            if (attack[3] == (byte) 0xFF) {
                pbx.kill(); // a truncated frame: the peer died in the middle of it
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (pbx.sessionsStarted() == sessions && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(++sessions, pbx.sessionsStarted(), "a new session after " + new String(attack, 8, Math.min(20, attack.length - 8),
                    StandardCharsets.UTF_8));
            awaitUp();
        }
        link.lamp("4001", true);
        assertTrue(pbx.awaitLamp("4001", true, WAIT), "healthy after it all");
    }

    @Test
    void stoppingEndsTheSessionPolitely() throws Exception {
        start();
        awaitUp();
        link.stop();
        assertNotNull(pbx.await("StopApplicationSession", WAIT));
        Thread.sleep(300);
        assertFalse(link.up());
        assertEquals(1, pbx.connectionsAccepted(), "no reconnect after a stop");
    }
}
