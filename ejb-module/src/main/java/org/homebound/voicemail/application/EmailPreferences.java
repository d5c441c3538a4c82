package org.homebound.voicemail.application;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.homebound.voicemail.domain.mailbox.AfterEmail;
import org.homebound.voicemail.domain.mailbox.EmailAttachment;
import org.homebound.voicemail.domain.mailbox.EmailSettings;

/**
 * A mailbox's email settings as the API carries them: addresses (none: no email), the attachment
 * ("MP3", "WAV", "OGG" or "NONE") and what happens after the email ("KEEP", "MARK_HEARD", "DELETE").
 */
public record EmailPreferences(List<String> addresses, String attachment, String afterEmail) {

    public static EmailPreferences of(EmailSettings s) {
        return new EmailPreferences(s.addresses(), s.attachment().name(), s.afterEmail().name());
    }

    /** The settings these ask for, or the reason they are refused. */
    public EmailSettings toSettings() {
        List<String> list = new ArrayList<>();
        for (String a : addresses == null ? List.<String>of() : addresses) {
            if (a == null || a.isBlank()) {
                continue;
            }
            String address = a.trim();
            try {
                InternetAddress parsed = new InternetAddress(address, true);
                if (parsed.getPersonal() != null || parsed.isGroup() || !address.matches("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+") || address.length() > 254) {
                    throw new AddressException("not a plain address");
                }
            } catch (AddressException e) {
                throw VoicemailException.invalid("'" + address + "' is not an email address like name@example.com");
            }
            if (!list.contains(address)) {
                list.add(address);
            }
        }
        if (list.size() > EmailSettings.MAX_ADDRESSES) {
            throw VoicemailException.invalid("at most " + EmailSettings.MAX_ADDRESSES + " email addresses, got " + list.size());
        }
        return new EmailSettings(list, parse(EmailAttachment.class, attachment, EmailAttachment.MP3, "attachment"),
                parse(AfterEmail.class, afterEmail, AfterEmail.KEEP, "afterEmail"));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, E fallback, String field) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
            throw VoicemailException.invalid(field + " must be one of " + names + ", got '" + value + "'");
        }
    }
}
