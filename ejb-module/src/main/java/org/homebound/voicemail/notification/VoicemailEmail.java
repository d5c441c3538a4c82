package org.homebound.voicemail.notification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.homebound.voicemail.codec.AudioCodec.AudioFile;

/**
 * The email announcing a voice message: a subject a phone's notification can show whole (caller,
 * length), a plain text and an HTML part with caller, time, length, recording site and a link to
 * the message in the web inbox, and the audio attached unless it is too large (then the link is
 * the way to it). Its Message-ID is made from the message's id, so a resend is recognisably the
 * same mail.
 */
public final class VoicemailEmail {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm", Locale.ROOT);

    /**
     * What the mail says.
     *
     * @param callerName   the caller's name where the number is a known mailbox, else null
     * @param callerNumber the calling number, empty when withheld
     * @param link         the message in the web inbox, or null when no public address is configured
     * @param attachment   the audio file, or null when it is not attached
     * @param omitted      why the audio is not attached (too large, not wanted), or null
     */
    public record Notice(UUID messageId, String extension, String mailboxName, String callerName, String callerNumber, Instant receivedAt,
                         long durationMillis, String recordingSite, String homeSite, String link, Attachment attachment, String omitted,
                         ZoneId zone) {

        /** The same notice with the audio attached, or with the reason it is not. */
        public Notice withAudio(Attachment audio, String whyNot) {
            return new Notice(messageId, extension, mailboxName, callerName, callerNumber, receivedAt, durationMillis, recordingSite, homeSite,
                    link, audio, whyNot, zone);
        }
    }

    public record Attachment(AudioFile kind, byte[] data) {
    }

    private VoicemailEmail() {
    }

    /** The Message-ID of the email for a voice message: the same at every attempt and resend. */
    public static String messageId(UUID messageId, String domain) {
        return "<" + messageId + ".voicemail@" + domain + ">";
    }

    public static MimeMessage compose(Session session, List<String> recipients, Notice n) throws MessagingException {
        InternetAddress from = InternetAddress.getLocalAddress(session);
        String domain = from == null ? "homebound.invalid" : from.getAddress().substring(from.getAddress().indexOf('@') + 1);
        String id = messageId(n.messageId(), domain);
        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", id);
            }
        };
        if (from != null) {
            mail.setFrom(from);
        }
        mail.setRecipients(MimeMessage.RecipientType.TO, addresses(recipients));
        mail.setSubject(subject(n), StandardCharsets.UTF_8.name());
        mail.setSentDate(new Date());
        mail.setHeader("X-Homebound-Message", n.messageId().toString());
        mail.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no vacation replies to the voicemail system

        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(text(n), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(html(n), StandardCharsets.UTF_8.name(), "html");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        if (n.attachment() == null) {
            mail.setContent(alternative);
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(alternative);
            mixed.addBodyPart(body);
            MimeBodyPart audio = new MimeBodyPart();
            audio.setDataHandler(new DataHandler(new ByteArrayDataSource(n.attachment().data(), n.attachment().kind().mediaType())));
            audio.setFileName(fileName(n));
            audio.setDisposition(MimeBodyPart.ATTACHMENT);
            mixed.addBodyPart(audio);
            mail.setContent(mixed);
        }
        mail.saveChanges();
        return mail;
    }

    static InternetAddress[] addresses(List<String> recipients) throws AddressException {
        InternetAddress[] to = new InternetAddress[recipients.size()];
        for (int i = 0; i < to.length; i++) {
            to[i] = new InternetAddress(recipients.get(i), true);
        }
        return to;
    }

    static String subject(Notice n) {
        return "Voicemail from " + caller(n) + ", " + length(n.durationMillis());
    }

    static String caller(Notice n) {
        String number = n.callerNumber() == null || n.callerNumber().isBlank() ? null : n.callerNumber();
        if (n.callerName() != null && number != null) {
            return n.callerName() + " (" + number + ")";
        }
        return number != null ? number : "an unknown caller";
    }

    static String length(long millis) {
        long seconds = Math.round(millis / 1000.0);
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    static String fileName(Notice n) {
        String from = n.callerNumber() == null || n.callerNumber().isBlank() ? "unknown" : n.callerNumber().replaceAll("[^0-9A-Za-z+]", "");
        return "voicemail-" + FILE_TIME.format(n.receivedAt().atZone(n.zone())) + "-from-" + from + "." + n.attachment().kind().name().toLowerCase(Locale.ROOT);
    }

    private static String when(Notice n) {
        return WHEN.format(n.receivedAt().atZone(n.zone())) + " (" + n.zone().getId() + ")";
    }

    private static String where(Notice n) {
        return n.recordingSite().equals(n.homeSite()) ? "site " + n.recordingSite() : "site " + n.recordingSite() + " (forwarded to " + n.homeSite() + ")";
    }

    private static String audioNote(Notice n) {
        if (n.attachment() != null) {
            return "The recording is attached (" + n.attachment().kind().name() + ").";
        }
        return n.omitted() == null ? "" : "The recording is not attached: " + n.omitted() + ".";
    }

    static String text(Notice n) {
        StringBuilder b = new StringBuilder();
        b.append("New voicemail for ").append(n.extension()).append(" (").append(n.mailboxName()).append(")\n\n");
        b.append("From:      ").append(caller(n)).append('\n');
        b.append("Received:  ").append(when(n)).append('\n');
        b.append("Length:    ").append(length(n.durationMillis())).append('\n');
        b.append("Recorded:  ").append(where(n)).append('\n');
        if (n.link() != null) {
            b.append("Listen:    ").append(n.link()).append('\n');
        }
        b.append('\n').append(audioNote(n)).append('\n');
        return b.toString();
    }

    static String html(Notice n) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(escape(subject(n))).append("</title></head>");
        b.append("<body style=\"font-family:sans-serif\"><h1 style=\"font-size:1.2em\">New voicemail for ").append(escape(n.extension()))
                .append(" (").append(escape(n.mailboxName())).append(")</h1><table>");
        row(b, "From", caller(n));
        row(b, "Received", when(n));
        row(b, "Length", length(n.durationMillis()));
        row(b, "Recorded", where(n));
        b.append("</table>");
        if (n.link() != null) {
            b.append("<p><a href=\"").append(escape(n.link())).append("\">Listen in the web inbox</a></p>");
        }
        b.append("<p>").append(escape(audioNote(n))).append("</p></body></html>");
        return b.toString();
    }

    private static void row(StringBuilder b, String label, String value) {
        b.append("<tr><th style=\"text-align:left;padding-right:1em\">").append(label).append("</th><td>").append(escape(value)).append("</td></tr>");
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
