package org.homebound.voicemail.notification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.homebound.voicemail.codec.AudioCodec.AudioFile;
import org.junit.jupiter.api.Test;

class VoicemailEmailTest {

    private static final UUID ID = UUID.fromString("0b0e5c2a-4a8e-4b7c-9a51-2f4b8f1d6c3e");
    private static final Instant AT = Instant.parse("2026-12-07T08:15:30Z");

    private final Session session = Session.getInstance(props());

    private static Properties props() {
        Properties p = new Properties();
        p.put("mail.from", "voicemail@site-a.example.com");
        return p;
    }

    private static VoicemailEmail.Notice notice(String callerName, String caller, byte[] audio, String link) {
        return new VoicemailEmail.Notice(ID, "2001", "Bob Builder", callerName, caller, AT, 71_400, "b", "a", link,
                audio == null ? null : new VoicemailEmail.Attachment(AudioFile.MP3, audio), audio == null ? "too large" : null,
                ZoneId.of("Europe/Berlin"));
    }

    /** Written out and read back, as the mail server and the recipient's client see it. */
    private MimeMessage roundTrip(VoicemailEmail.Notice n) throws Exception {
        MimeMessage mail = VoicemailEmail.compose(session, List.of("bob@example.com", "desk@example.com"), n);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        return new MimeMessage(session, new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void theMailSaysWhoCalledHowLongAndCarriesTheAudioUnderAStableMessageId() throws Exception {
        byte[] audio = new byte[5000];
        new java.util.Random(7).nextBytes(audio);
        MimeMessage mail = roundTrip(notice("Alice Smith", "2002", audio, "https://vm.example.com/#message=" + ID));

        assertEquals("Voicemail from Alice Smith (2002), 1:11", mail.getSubject());
        assertEquals("<" + ID + ".voicemail@site-a.example.com>", mail.getMessageID());
        assertEquals("voicemail@site-a.example.com", mail.getFrom()[0].toString());
        assertEquals(2, mail.getAllRecipients().length);
        assertEquals("auto-generated", mail.getHeader("Auto-Submitted")[0]);
        Multipart mixed = (Multipart) mail.getContent();
        assertEquals(2, mixed.getCount());
        Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
        String text = (String) alternative.getBodyPart(0).getContent();
        String html = (String) alternative.getBodyPart(1).getContent();
        assertTrue(alternative.getBodyPart(0).isMimeType("text/plain"));
        assertTrue(alternative.getBodyPart(1).isMimeType("text/html"));
        assertTrue(text.contains("Received:  Mon 7 Dec 2026, 09:15 (Europe/Berlin)"), text);
        assertTrue(text.contains("Recorded:  site b (forwarded to a)"), text);
        assertTrue(text.contains("https://vm.example.com/#message=" + ID), text);
        assertTrue(html.contains("href=\"https://vm.example.com/#message=" + ID + "\""), html);
        BodyPart attachment = mixed.getBodyPart(1);
        assertEquals(Part.ATTACHMENT, attachment.getDisposition());
        assertTrue(attachment.isMimeType("audio/mpeg"));
        assertEquals("voicemail-2026-12-07-0915-from-2002.mp3", attachment.getFileName());
        try (InputStream in = attachment.getInputStream()) {
            assertArrayEquals(audio, in.readAllBytes());
        }
    }

    @Test
    void aResendIsTheSameMailByItsMessageId() throws Exception {
        VoicemailEmail.Notice n = notice(null, "+4930555123", new byte[10], null);
        assertEquals(roundTrip(n).getMessageID(), roundTrip(n).getMessageID());
    }

    @Test
    void withoutAttachmentTheMailSaysWhyAndLinksOnly() throws Exception {
        MimeMessage mail = roundTrip(notice(null, "", null, "https://vm.example.com/#message=" + ID));
        assertEquals("Voicemail from an unknown caller, 1:11", mail.getSubject());
        assertTrue(mail.isMimeType("multipart/alternative"), mail.getContentType());
        String text = (String) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
        assertTrue(text.contains("The recording is not attached: too large."), text);
    }

    @Test
    void aCallerNameCannotInjectMarkupIntoTheHtmlPart() throws Exception {
        MimeMessage mail = roundTrip(notice("<script>alert(1)</script> & \"x\"", "2002", null, null));
        String html = (String) ((Multipart) mail.getContent()).getBodyPart(1).getContent();
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"), html);
        assertFalse(html.contains("<a href"), "no link without a public address");
        assertNull(mail.getHeader("X-Mailer"));
    }
}
