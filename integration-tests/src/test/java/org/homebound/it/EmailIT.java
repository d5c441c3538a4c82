package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.homebound.it.peers.Postfix;
import org.homebound.telephony.testing.SipTestPhone;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Voicemail to email against Debian's Postfix on loopback (STARTTLS under a test CA), with
 * messages left by SIP calls: the mail, the outbox when the MTA is down or refuses, the wrong CA,
 * and what "mark heard" and "delete after email" do to the message and the lamp.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EmailIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    @RegisterExtension
    static final Lamps lamps = new Lamps();

    @AfterEach
    void mtaAsItWas() throws Exception {
        Postfix.trust(true);
        Postfix.start();
    }

    private static void mailbox(String extension, String name, String email, String attachment, String after) {
        Api.admin().object("POST", "/admin/mailboxes", "{\"extension\":\"" + extension + "\",\"name\":\"" + name + "\",\"pin\":\"4826\","
                + "\"email\":{\"addresses\":[\"" + email + "\"],\"attachment\":\"" + attachment + "\",\"afterEmail\":\"" + after + "\"}}", 201);
    }

    /** Leaves a message and returns it as its owner sees it. */
    private static JsonObject deposit(String extension, String caller, Duration length) throws Exception {
        Calls.leaveMessage(extension, caller, length);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (String list : List.of("", "/deleted")) {
                JsonArray all = Api.admin().array("/mailboxes/" + extension + "/messages" + list);
                if (!all.isEmpty()) {
                    assertEquals(1, all.size(), "one message in " + extension);
                    return all.getJsonObject(0);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no message stored in " + extension);
    }

    private static JsonObject job(String extension) {
        JsonArray jobs = Api.admin().array("/admin/email?state=PENDING,SENDING,SENT,FAILED&mailbox=" + extension);
        assertEquals(1, jobs.size(), "one email job for " + extension);
        return jobs.getJsonObject(0);
    }

    /** Waits until the mailbox's email job satisfies what the test waits for. */
    private static JsonObject awaitJob(String extension, java.util.function.Predicate<JsonObject> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject j = null;
        while (System.nanoTime() < deadline) {
            j = job(extension);
            if (condition.test(j)) {
                return j;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("email job of " + extension + " never " + what + ": " + j);
    }

    private static String text(Multipart alternative, String type) throws Exception {
        for (int i = 0; i < alternative.getCount(); i++) {
            if (alternative.getBodyPart(i).isMimeType(type)) {
                return (String) alternative.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    @Test
    void aDepositIsMailedOnceOverTlsWithItsAudioAttachedAndTheMessageStaysNew() throws Exception {
        Api.createMailbox("5102", "Carol Caller", "4826", 10);
        mailbox("5101", "Dora Desk", Postfix.RECIPIENT, "MP3", "KEEP");
        JsonObject message = deposit("5101", "5102", Duration.ofSeconds(4));
        String id = message.getString("id");

        List<MimeMessage> mails = Postfix.awaitMailsFor(id, Duration.ofSeconds(20));
        MimeMessage mail = mails.get(0);
        long millis = message.getJsonNumber("durationMillis").longValue();
        assertEquals(String.format("Voicemail from Carol Caller (5102), 0:%02d", Math.round(millis / 1000.0)), mail.getSubject());
        assertEquals("<" + id + ".voicemail@it.homebound.test>", mail.getMessageID());
        assertEquals("voicemail@it.homebound.test", mail.getFrom()[0].toString());
        assertEquals(Postfix.RECIPIENT, mail.getAllRecipients()[0].toString());
        assertTrue(String.join("\n", mail.getHeader("Received")).contains("with ESMTPSA"),
                "delivered over TLS, logged in: " + String.join("\n", mail.getHeader("Received")));
        assertEquals("homebound@homebound.test", Postfix.smtpLoginOf(mail.getMessageID()), "sent with the site's SMTP login");

        Multipart mixed = (Multipart) mail.getContent();
        Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
        String link = "http://127.0.0.1:" + System.getProperty("it.http.port") + "/#message=" + id;
        assertTrue(text(alternative, "text/plain").contains(link), text(alternative, "text/plain"));
        assertTrue(text(alternative, "text/html").contains("href=\"" + link + "\""));
        BodyPart attachment = mixed.getBodyPart(1);
        assertEquals(Part.ATTACHMENT, attachment.getDisposition());
        assertTrue(attachment.isMimeType("audio/mpeg"), attachment.getContentType());
        Path mp3 = Files.createTempFile("voicemail", ".mp3");
        try (InputStream in = attachment.getInputStream()) {
            Files.write(mp3, in.readAllBytes());
        }
        double seconds = soxDuration(mp3);
        assertEquals(millis / 1000.0, seconds, 0.2, "the attachment plays as long as the message (decoded by sox)");

        JsonObject sent = awaitJob("5101", j -> j.getString("state").equals("SENT"), "was SENT");
        assertEquals(1, sent.getInt("attempts"));
        Thread.sleep(1500); // a second mail would have been sent by now
        assertEquals(1, Postfix.mailsFor(id).size(), "exactly one mail");
        JsonObject after = Api.admin().array("/mailboxes/5101/messages").getJsonObject(0);
        assertFalse(after.getBoolean("heard"), "KEEP: still new");
        lamps.await("5101", "1/0");
    }

    @Test
    void withTheMtaDownTheMessageIsKeptTheLampLitAndTheMailSentOnceWhenItIsBackThenDeleted() throws Exception {
        mailbox("5103", "Eve Away", Postfix.RECIPIENT, "WAV", "DELETE");
        Postfix.stop();
        JsonObject message = deposit("5103", "5199", Duration.ofSeconds(2));
        String id = message.getString("id");

        JsonObject failing = awaitJob("5103", j -> j.getInt("attempts") >= 2 && j.getString("state").equals("PENDING"), "failed twice");
        assertTrue(failing.getString("lastResult").contains("Connection refused"), failing.getString("lastResult"));
        assertEquals(1, Api.admin().object("GET", "/admin/mailboxes/5103", null, 200).getInt("emailFailures"));
        // Kept, new, and lit: its owner must hear of it while email does not work.
        JsonArray kept = Api.admin().array("/mailboxes/5103/messages");
        assertEquals(1, kept.size());
        assertFalse(kept.getJsonObject(0).getBoolean("heard"));
        lamps.await("5103", "1/0");

        Postfix.start();
        List<MimeMessage> mails = Postfix.awaitMailsFor(id, Duration.ofSeconds(20));
        assertTrue(((Multipart) mails.get(0).getContent()).getBodyPart(1).isMimeType("audio/wav"));
        awaitJob("5103", j -> j.getString("state").equals("SENT"), "was SENT");
        // Deleted only now, after the server accepted the mail; an undo can still bring it back; the lamp goes out.
        assertEquals(0, Api.admin().array("/mailboxes/5103/messages").size());
        assertEquals(id, Api.admin().array("/mailboxes/5103/messages/deleted").getJsonObject(0).getString("id"));
        lamps.await("5103", "0/0");
        Thread.sleep(1500);
        assertEquals(1, Postfix.mailsFor(id).size(), "exactly one mail");
    }

    @Test
    void markedHeardAfterItsEmailTheMessageNeverLightsTheLamp() throws Exception {
        mailbox("5104", "Finn Field", Postfix.RECIPIENT, "NONE", "MARK_HEARD");
        JsonObject message = deposit("5104", "5199", Duration.ofSeconds(2));
        List<MimeMessage> mails = Postfix.awaitMailsFor(message.getString("id"), Duration.ofSeconds(20));
        assertTrue(mails.get(0).isMimeType("multipart/alternative"), "no attachment: " + mails.get(0).getContentType());
        awaitJob("5104", j -> j.getString("state").equals("SENT"), "was SENT");
        assertTrue(Api.admin().array("/mailboxes/5104/messages").getJsonObject(0).getBoolean("heard"));
        // Every lamp update for 5104 (at the deposit, after the email, and none after) says "no new messages".
        boolean heardSaid = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        while (System.nanoTime() < deadline) {
            SipTestPhone.Message m = lamps.next("5104", Duration.ofMillis(1000));
            if (m != null) {
                assertFalse(m.body().contains("Voice-Message: 1/"), "lamp lit: " + m.body());
                heardSaid |= m.body().contains("Voice-Message: 0/1");
            } else if (heardSaid) {
                break; // told "0 new, 1 old", and quiet since
            }
        }
        assertTrue(heardSaid, "the lamp was told the message is heard");
    }

    @Test
    void aServerWhoseCertificateTheSiteDoesNotTrustGetsNoMailUntilItIsTrusted() throws Exception {
        mailbox("5105", "Gil Guard", Postfix.RECIPIENT, "MP3", "DELETE");
        Postfix.trust(false);
        JsonObject message = deposit("5105", "5199", Duration.ofSeconds(2));
        JsonObject failing = awaitJob("5105", j -> j.getInt("attempts") >= 2 && j.getString("state").equals("PENDING"), "failed twice");
        assertTrue(failing.getString("lastResult").contains("TLS"), failing.getString("lastResult"));
        assertTrue(Postfix.mailsFor(message.getString("id")).isEmpty(), "nothing sent to an untrusted server");
        assertEquals(1, Api.admin().array("/mailboxes/5105/messages").size(), "kept while its email cannot go");

        Postfix.trust(true);
        Postfix.awaitMailsFor(message.getString("id"), Duration.ofSeconds(20));
        awaitJob("5105", j -> j.getString("state").equals("SENT"), "was SENT");
    }

    @Test
    void aLoginTheServerRefusesKeepsTheMailPendingUntilThePasswordIsRight() throws Exception {
        mailbox("5107", "Ida Ink", Postfix.RECIPIENT, "NONE", "DELETE");
        Postfix.smtpPassword("not-the-one-the-site-has");
        String id;
        try {
            id = deposit("5107", "5199", Duration.ofSeconds(2)).getString("id");
            JsonObject failing = awaitJob("5107", j -> j.getInt("attempts") >= 2 && j.getString("state").equals("PENDING"), "failed twice");
            assertTrue(failing.getString("lastResult").contains("535"), "the server's refusal: " + failing.getString("lastResult"));
            assertTrue(Postfix.mailsFor(id).isEmpty());
            assertEquals(1, Api.admin().array("/mailboxes/5107/messages").size(), "kept while its email cannot go");
        } finally {
            Postfix.smtpPassword(System.getenv("HOMEBOUND_SMTP_PASSWORD"));
        }
        Postfix.awaitMailsFor(id, Duration.ofSeconds(20));
        awaitJob("5107", j -> j.getString("state").equals("SENT"), "was SENT");
        assertEquals(0, Api.admin().array("/mailboxes/5107/messages").size(), "deleted once the mail was accepted");
    }

    @Test
    void aRecipientTheServerRefusesFailsForGoodVisiblyAndAResendGoesToTheCorrectedAddress() throws Exception {
        mailbox("5106", "Hal Typo", "nobody-here@homebound.test", "MP3", "DELETE");
        JsonObject message = deposit("5106", "5199", Duration.ofSeconds(2));
        String id = message.getString("id");
        JsonObject failed = awaitJob("5106", j -> j.getString("state").equals("FAILED"), "FAILED");
        assertTrue(failed.getString("lastResult").contains("550"), failed.getString("lastResult"));
        assertEquals(1, Api.admin().array("/admin/email?mailbox=5106").size(), "listed among failing emails");
        assertEquals(1, Api.admin().array("/mailboxes/5106/messages").size(), "delete after email: kept, the email failed");

        Api owner = Api.as("5106", "4826");
        owner.object("PUT", "/mailboxes/5106/email", "{\"addresses\":[\"" + Postfix.RECIPIENT + "\"],\"attachment\":\"MP3\",\"afterEmail\":\"DELETE\"}", 200);
        assertEquals(400, owner.send("PUT", "/mailboxes/5106/email", "{\"addresses\":[\"not an address\"]}").statusCode());
        assertEquals(403, owner.send("PUT", "/mailboxes/5101/email", "{\"addresses\":[\"x@example.com\"]}").statusCode());
        Api.admin().object("POST", "/admin/email/" + id + "/resend", null, 200);
        Postfix.awaitMailsFor(id, Duration.ofSeconds(20));
        awaitJob("5106", j -> j.getString("state").equals("SENT"), "was SENT");
        assertEquals(0, Api.admin().array("/mailboxes/5106/messages").size());
        assertEquals(404, Api.admin().send("POST", "/admin/email/" + java.util.UUID.randomUUID() + "/resend", null).statusCode());
        assertEquals(400, Api.admin().send("POST", "/admin/email/not-an-id/resend", "").statusCode());
    }

    private static double soxDuration(Path file) throws Exception {
        Process p = new ProcessBuilder("soxi", "-D", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor(), "soxi: " + out);
        return Double.parseDouble(out);
    }
}
