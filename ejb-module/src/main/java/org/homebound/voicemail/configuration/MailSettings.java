package org.homebound.voicemail.configuration;

import java.time.Duration;
import java.time.ZoneId;

/**
 * How this site emails new messages. The mail server, its port, TLS mode and login are WildFly's
 * mail session (wildfly-config/cli/70-mail.cli); these are Homebound's own choices around it.
 *
 * @param trustStore         PEM file of the CA certificates the mail server's certificate must chain to;
 *                           empty: the JVM's default trust (public CAs). Re-read when it changes.
 * @param maxAttachmentBytes audio larger than this is not attached; the mail links to the web inbox
 * @param poll               how often the outbox looks for mail that is due
 * @param firstRetry         wait after the first failed attempt; it doubles after each further one
 * @param maxRetry           the longest wait between attempts (they go on until the mail is accepted)
 * @param batchSize          mails sent over one SMTP connection per look at the outbox
 * @param publicUrl          the web inbox's address as subscribers reach it (https://voicemail.example/), for links
 * @param zone               the time zone the mail gives times in
 */
public record MailSettings(String trustStore, long maxAttachmentBytes, Duration poll, Duration firstRetry, Duration maxRetry,
                           int batchSize, String publicUrl, String zone) {

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    /** The wait before attempt number {@code attempts + 1}, after {@code attempts} failures. */
    public Duration retryWait(int attempts) {
        Duration wait = firstRetry;
        for (int i = 1; i < attempts && wait.compareTo(maxRetry) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }
}
