package org.homebound.voicemail.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import org.homebound.voicemail.configuration.MailSettings;
import org.junit.jupiter.api.Test;

class MailFailureTest {

    @Test
    void aRecipientRefusedWith5xxIsFinal() {
        SendFailedException e = new SendFailedException("Invalid Addresses",
                new SendFailedException("550 5.1.1 <nobody@homebound.test>: Recipient address rejected: User unknown"));
        MailFailure f = MailFailure.of(e);
        assertTrue(f.permanent());
        assertEquals("Invalid Addresses: 550 5.1.1 <nobody@homebound.test>: Recipient address rejected: User unknown", f.description());
    }

    @Test
    void aServerThatIsDownBusyOrUntrustedIsTriedAgain() {
        assertFalse(MailFailure.of(new MessagingException("Couldn't connect to host, port: localhost, 25; timeout -1",
                new ConnectException("Connection refused"))).permanent());
        assertFalse(MailFailure.of(new SendFailedException("451 4.3.0 Temporary lookup failure")).permanent());
        MailFailure tls = MailFailure.of(new MessagingException("Could not convert socket to TLS",
                new SSLHandshakeException("PKIX path building failed")));
        assertFalse(tls.permanent());
        assertEquals("Could not convert socket to TLS: PKIX path building failed", tls.description());
    }

    @Test
    void aRefusedLoginIsForTheOperatorToFixNotAReasonToGiveUp() {
        assertFalse(MailFailure.of(new AuthenticationFailedException("535 5.7.8 Error: authentication failed")).permanent());
    }

    @Test
    void waitsDoubleFromTheFirstUpToTheLongest() {
        MailSettings s = new MailSettings("", 1, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(30), 20, "", "UTC");
        assertEquals(Duration.ofSeconds(30), s.retryWait(1));
        assertEquals(Duration.ofSeconds(60), s.retryWait(2));
        assertEquals(Duration.ofSeconds(240), s.retryWait(4));
        assertEquals(Duration.ofMinutes(30), s.retryWait(7));
        assertEquals(Duration.ofMinutes(30), s.retryWait(500));
    }
}
