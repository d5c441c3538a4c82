package org.homebound.voicemail.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.homebound.voicemail.domain.mailbox.AfterEmail;
import org.homebound.voicemail.domain.mailbox.EmailAttachment;
import org.homebound.voicemail.domain.mailbox.EmailSettings;
import org.junit.jupiter.api.Test;

class EmailPreferencesTest {

    @Test
    void plainAddressesAreKeptOnceEachWithTheChoices() {
        EmailSettings s = new EmailPreferences(List.of(" bob@example.com", "desk@example.com", "bob@example.com", ""), "wav", "delete")
                .toSettings();
        assertEquals(List.of("bob@example.com", "desk@example.com"), s.addresses());
        assertEquals(EmailAttachment.WAV, s.attachment());
        assertEquals(AfterEmail.DELETE, s.afterEmail());
        assertTrue(s.enabled());
    }

    @Test
    void noAddressesMeansNoEmailAndDefaultsForTheRest() {
        EmailSettings s = new EmailPreferences(List.of(), null, null).toSettings();
        assertFalse(s.enabled());
        assertEquals(EmailAttachment.MP3, s.attachment());
        assertEquals(AfterEmail.KEEP, s.afterEmail());
    }

    @Test
    void whatIsNotAPlainAddressOrChoiceIsRefusedSayingWhy() {
        for (String bad : List.of("bob", "bob@", "Bob <bob@example.com>", "a@b@c.com", "bob@example.com, eve@example.com", "x@localhost",
                "bob@exa mple.com", "\"a\r\nBcc: eve@evil.com\"@example.com")) {
            VoicemailException e = assertThrows(VoicemailException.class, () -> new EmailPreferences(List.of(bad), "MP3", "KEEP").toSettings(), bad);
            assertEquals(VoicemailException.Kind.INVALID, e.kind());
        }
        VoicemailException six = assertThrows(VoicemailException.class, () -> new EmailPreferences(
                List.of("a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com", "f@x.com"), "MP3", "KEEP").toSettings());
        assertTrue(six.getMessage().contains("at most 5"), six.getMessage());
        VoicemailException format = assertThrows(VoicemailException.class, () -> new EmailPreferences(List.of(), "FLAC", "KEEP").toSettings());
        assertEquals("attachment must be one of [NONE, MP3, WAV, OGG], got 'FLAC'", format.getMessage());
    }
}
