package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.csta.CstaEdition;
import org.homebound.telephony.csta.CstaFrame;
import org.homebound.telephony.testing.CstaSwitchSimulator;
import org.homebound.telephony.testing.SipTestPhone;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test server with its CTI link to a simulated CSTA switch (ECMA-323 edition 4, OpenScape-shaped
 * frames) on it.csta.port, while the audio arrives on the SIP trunk as the switch would route it:
 * an INVITE to the pilot that says nothing of the diversion. What the switch reported must be what
 * the mailbox shows; the lamps are the switch's.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CstaIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static CstaSwitchSimulator pbx;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    @BeforeAll
    static void switchUp() throws Exception {
        pbx = new CstaSwitchSimulator(CstaEdition.ED4, CstaSwitchSimulator.Flavor.OPENSCAPE, Integer.getInteger("it.csta.port"));
    }

    @AfterAll
    static void switchDown() throws Exception {
        pbx.close();
    }

    private static void awaitLink() throws InterruptedException {
        assertTrue(pbx.awaitMonitors(WAIT, "8000", "4100", "4109"), "the server's CTI link: session and monitors");
    }

    /** The switch's SIP leg to voicemail for a call it reported over CSTA: to the pilot, from the caller. */
    private static void deposit(String caller, String mailbox, Duration length) throws Exception {
        try (SipTestPhone phone = Calls.phone()) {
            SipTestPhone.Call call = phone.invite(Calls.TRUNK, "sip:" + caller + "@127.0.0.1", "sip:8000@127.0.0.1", Map.of(),
                    AudioEncoding.PCMU);
            SipTestPhone.Message ok = call.awaitFinal(Duration.ofSeconds(10));
            assertNotNull(ok, "no answer");
            assertEquals(200, ok.status(), ok.startLine());
            call.ack();
            Calls.awaitEndOfGreeting(phone, mailbox);
            phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, SipTestPhone.tone(440, length, 8000));
            call.bye();
            assertNotNull(phone.await(call.callId, Duration.ofSeconds(5)), "BYE answered");
        }
    }

    @Test
    void aCallTheSwitchReportsIsRecordedWithItsReasonAndTheSwitchsLampFollowsTheMailbox() throws Exception {
        awaitLink();
        Api.createMailbox("4101", "Hanna", "1234", 10);
        Api hanna = Api.as("4101", "1234");
        pbx.deliver("7101", "8000", "1201", "4101", "4101", "callForwardBusy");
        deposit("1201", "4101", Duration.ofMillis(1500));

        JsonObject message = Calls.awaitMessages(hanna, "4101", 1).getJsonObject(0);
        assertEquals("BUSY", message.getString("reason"), "the CSTA cause, not what the INVITE said (nothing)");
        assertEquals("1201", message.getString("from"));
        assertTrue(pbx.awaitLamp("4101", true, WAIT), "lamp on at the switch after the deposit");
        String first = message.getString("id");
        hanna.object("POST", "/mailboxes/4101/messages/" + first + "/heard", null, 200);
        assertTrue(pbx.awaitLamp("4101", false, WAIT), "lamp off once heard");

        pbx.divert("7102", "4101", "8000", "1202", "callForwardNoAnswer"); // reported at the extension this time
        deposit("1202", "4101", Duration.ofMillis(1500));
        JsonArray both = Calls.awaitMessages(hanna, "4101", 2);
        JsonObject second = both.stream().map(v -> v.asJsonObject()).filter(m -> !m.getString("id").equals(first)).findFirst().orElseThrow();
        assertEquals("NO_ANSWER", second.getString("reason"));
        assertTrue(pbx.awaitLamp("4101", true, WAIT), "on again for the new message");
        assertEquals(204, hanna.send("DELETE", "/mailboxes/4101/messages/" + second.getString("id"), null).statusCode());
        assertTrue(pbx.awaitLamp("4101", false, WAIT), "off once the new one is deleted");
    }

    @Test
    void aCallForNoMailboxIsDeflectedOnTheSwitch() throws Exception {
        awaitLink();
        pbx.deliver("7103", "8000", "1203", "4109", "4109", "callForwardNoAnswer"); // 4109 has no mailbox
        try (SipTestPhone phone = Calls.phone()) {
            SipTestPhone.Call call = phone.invite(Calls.TRUNK, "sip:1203@127.0.0.1", "sip:8000@127.0.0.1", Map.of(), AudioEncoding.PCMU);
            CstaSwitchSimulator.Received deflect = pbx.await("DeflectCall", WAIT);
            assertNotNull(deflect, "DeflectCall on the switch");
            assertEquals("7103", deflect.xml().text("callToBeDiverted", "callID"));
            assertEquals("8000", deflect.xml().text("callToBeDiverted", "deviceID"));
            assertEquals("1000", deflect.xml().text("newDestination"), "the configured destination");
            SipTestPhone.Message early = call.awaitFinal(Duration.ofMillis(500));
            assertNull(early, "the trunk leg is the switch's to end: " + (early == null ? "" : early.startLine()));
            call.cancel();
            assertEquals(487, call.awaitFinal(Duration.ofSeconds(5)).status());
        }
    }

    @Test
    void aLinkKilledMidStreamComesBackWithItsMonitorsAndTheLampsSetMeanwhile() throws Exception {
        awaitLink();
        Api.createMailbox("4102", "Ivo", "1234", 10);
        int sessions = pbx.sessionsStarted();
        pbx.kill();
        Calls.leaveMessage("4102", "1204", Duration.ofMillis(1200)); // SIP deposits go on while the CTI link is down
        Calls.awaitMessages(Api.as("4102", "1234"), "4102", 1);
        awaitLink();
        assertTrue(pbx.sessionsStarted() > sessions, "a new session");
        assertTrue(pbx.awaitLamp("4102", true, WAIT), "the lamp set while the link was down reached the switch");
        assertNotNull(pbx.await("SnapshotDevice", WAIT), "calls at the voicemail device resynchronised");
    }

    @Test
    void hostileFramesAreRefusedTheLinkComesBackAndTheServerIsUnharmed() throws Exception {
        awaitLink();
        Api.createMailbox("4103", "Jo", "1234", 10);
        String ns = CstaEdition.ED4.namespace();
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10)).append("\">");
        }
        laughs.append("]><DeliveredEvent xmlns=\"").append(ns).append("\"><cause>&a9;</cause></DeliveredEvent>");
        byte[][] attacks = {
            CstaFrame.of(CstaFrame.EVENT, "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    + "<DeliveredEvent xmlns=\"" + ns + "\"><cause>&x;</cause></DeliveredEvent>").encode(),
            CstaFrame.of(CstaFrame.EVENT, laughs.toString()).encode(),
            "\u0016\u0003\u0001 not CSTA at all".getBytes(StandardCharsets.ISO_8859_1),
            CstaFrame.of(CstaFrame.EVENT, "<DeliveredEvent xmlns=\"" + ns + "\"><connection>").encode(),
        };
        for (byte[] attack : attacks) {
            int sessions = pbx.sessionsStarted();
            pbx.sendRaw(attack);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (pbx.sessionsStarted() == sessions && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(pbx.sessionsStarted() > sessions, "the link was closed and made again");
            awaitLink();
        }
        // a frame that promises 65,535 bytes and ends after ten: the switch died mid-frame
        int sessions = pbx.sessionsStarted();
        pbx.sendRaw(new byte[] {0, 0, (byte) 0xFF, (byte) 0xFF, '9', '9', '9', '9', '<', 'a'});
        pbx.kill();
        awaitLink();
        assertTrue(pbx.sessionsStarted() > sessions);

        String log = java.nio.file.Files.readString(Path.of(System.getProperty("it.base.dir"), "log", "server.log"));
        assertTrue(log.contains("DOCTYPE is disallowed"), "the refusal is in the log");
        assertTrue(!log.contains("root:x:0:0"), "no file content anywhere");

        pbx.deliver("7104", "8000", "1205", "4103", "4103", "doNotDisturb");
        deposit("1205", "4103", Duration.ofMillis(1200));
        JsonObject message = Calls.awaitMessages(Api.as("4103", "1234"), "4103", 1).getJsonObject(0);
        assertEquals("DO_NOT_DISTURB", message.getString("reason"), "calls and the link work after it all");
        assertTrue(pbx.awaitLamp("4103", true, WAIT));
    }
}
