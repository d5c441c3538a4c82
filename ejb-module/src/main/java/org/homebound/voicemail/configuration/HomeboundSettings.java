package org.homebound.voicemail.configuration;

import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.homebound.voicemail.extensions.DialPlan;
import org.homebound.voicemail.security.PinPolicy;
import org.homebound.voicemail.security.SourceThrottle;

/**
 * This site's settings, read once from system properties that the start script (or the server
 * configuration) sets. Every property has a working default for a single embedded site.
 */
@ApplicationScoped
public class HomeboundSettings {

    private final String siteId = property("homebound.site.id", "site1");
    private final String siteName = property("homebound.site.name", siteId);
    private final String pilotNumber = property("homebound.pilot", "8000");
    private final String refusedCallTarget = property("homebound.refused-calls.redirect", "");
    private final Duration maximumMessageLength = Duration.ofSeconds(Long.parseLong(property("homebound.recording.max-seconds", "180")));
    private final Duration silenceTimeout = Duration.ofSeconds(Long.parseLong(property("homebound.recording.silence-seconds", "5")));
    private final Duration minimumMessageLength = Duration.ofMillis(Long.parseLong(property("homebound.recording.min-millis", "700")));
    private final int defaultQuota = Integer.parseInt(property("homebound.mailbox.default-quota", "100"));
    private final String networkFile = property("homebound.network.file", "");
    private final Duration probeInterval = Duration.ofMillis(Long.parseLong(property("homebound.peer.probe-millis", "2000")));
    private final Duration probeTimeout = Duration.ofMillis(Long.parseLong(property("homebound.peer.probe-timeout-millis", "1500")));
    private final int failedProbesForDown = Integer.parseInt(property("homebound.peer.failed-probes-for-down", "2"));
    private final Duration resendAfter = Duration.ofSeconds(Long.parseLong(property("homebound.peer.resend-after-seconds", "300")));
    private final Duration deliveredRetention = Duration.ofMinutes(Long.parseLong(property("homebound.delivered.retention-minutes", "1440")));
    private final int forwardBatchSize = Integer.parseInt(property("homebound.forward.batch-size", "25"));
    private final long forwardBatchBytes = Long.parseLong(property("homebound.forward.batch-bytes", "8388608"));
    private final int compressionCpuPercent = Integer.parseInt(property("homebound.compression.cpu-percent", "50"));
    private final PinPolicy pinPolicy = new PinPolicy(Integer.parseInt(property("homebound.pin.free-failures", "3")),
            Integer.parseInt(property("homebound.pin.lock-after", "10")),
            Duration.ofMillis(Long.parseLong(property("homebound.pin.first-wait-millis", "1000"))),
            Duration.ofSeconds(Long.parseLong(property("homebound.pin.max-wait-seconds", "60"))),
            Duration.ofMinutes(Long.parseLong(property("homebound.pin.lockout-minutes", "30"))));
    private final int sourceFreeMailboxes = Integer.parseInt(property("homebound.pin.source-free-mailboxes", "3"));
    private final Duration sourceWindow = Duration.ofMinutes(Long.parseLong(property("homebound.pin.source-window-minutes", "15")));
    private final Duration sourceFirstWait = Duration.ofMillis(Long.parseLong(property("homebound.pin.source-first-wait-millis", "2000")));
    private final Duration sourceMaxWait = Duration.ofSeconds(Long.parseLong(property("homebound.pin.source-max-wait-seconds", "300")));
    private final Duration deletedRetention = Duration.ofMinutes(Long.parseLong(property("homebound.deleted.retention-minutes", "1440")));
    private final Duration sessionIdle = Duration.ofMinutes(Long.parseLong(property("homebound.web.session-idle-minutes", "30")));
    private final Duration sessionMax = Duration.ofMinutes(Long.parseLong(property("homebound.web.session-max-minutes", "720")));
    private final MailSettings mail = new MailSettings(property("homebound.mail.trust-store", ""),
            Long.parseLong(property("homebound.mail.max-attachment-bytes", "5000000")),
            Duration.ofMillis(Long.parseLong(property("homebound.mail.poll-millis", "1000"))),
            Duration.ofMillis(Long.parseLong(property("homebound.mail.retry-first-millis", "30000"))),
            Duration.ofMillis(Long.parseLong(property("homebound.mail.retry-max-millis", "1800000"))),
            Integer.parseInt(property("homebound.mail.batch-size", "20")),
            property("homebound.web.public-url", ""), property("homebound.site.zone", java.time.ZoneId.systemDefault().getId()));
    private final DialPlan dialPlan = DialPlan.parse(property("homebound.dialplan.prefixes", ""),
            property("homebound.dialplan.digits", "2-8"), property("homebound.dialplan.ranges", ""));

    private static String property(String name, String fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** How new messages are emailed (the SMTP server itself is WildFly's mail session). */
    public MailSettings mail() {
        return mail;
    }

    /** How wrong PINs are slowed and lock a mailbox (web, REST and phone alike). */
    public PinPolicy pinPolicy() {
        return pinPolicy;
    }

    /** A new, empty throttle for sources failing on many mailboxes, with this site's settings. */
    public SourceThrottle newSourceThrottle() {
        return new SourceThrottle(sourceFreeMailboxes, sourceWindow, sourceFirstWait, sourceMaxWait);
    }

    /** How long a message deleted by its owner can still be brought back (undo) before it is gone for good. */
    public Duration deletedRetention() {
        return deletedRetention;
    }

    /** A web session unused this long ends. */
    public Duration sessionIdle() {
        return sessionIdle;
    }

    /** A web session ends this long after its login, however busy. */
    public Duration sessionMax() {
        return sessionMax;
    }

    public String siteId() {
        return siteId;
    }

    public String siteName() {
        return siteName;
    }

    /** The number subscribers dial to reach voicemail directly. */
    public String pilotNumber() {
        return pilotNumber;
    }

    /**
     * Where a call voicemail cannot take (no such mailbox, disabled, full) is sent with a 302: a
     * number or SIP URI, typically the operator; empty: such calls are refused with the protocol's code.
     */
    public String refusedCallTarget() {
        return refusedCallTarget;
    }

    public Duration maximumMessageLength() {
        return maximumMessageLength;
    }

    /** A caller silent this long has finished (zero: recordings never end on silence). */
    public Duration silenceTimeout() {
        return silenceTimeout;
    }

    /** Shorter recordings (after their trailing silence is trimmed) are not messages: a hang-up at the tone. */
    public Duration minimumMessageLength() {
        return minimumMessageLength;
    }

    public int defaultQuota() {
        return defaultQuota;
    }

    /** The network description file this site imports at start, or empty for a site on its own. */
    public String networkFile() {
        return networkFile;
    }

    /** How often each peer is probed. */
    public Duration probeInterval() {
        return probeInterval;
    }

    public Duration probeTimeout() {
        return probeTimeout;
    }

    /** Consecutive failed probes after which an UP peer counts as DOWN (one slow answer is not an outage). */
    public int failedProbesForDown() {
        return failedProbesForDown;
    }

    /** A SENT message without a receipt after this long is sent again (the receiver drops the duplicate). */
    public Duration resendAfter() {
        return resendAfter;
    }

    /** How long the recording site keeps the audio of a message its home site has confirmed. */
    public Duration deliveredRetention() {
        return deliveredRetention;
    }

    /** Held messages forwarded per transaction. */
    public int forwardBatchSize() {
        return forwardBatchSize;
    }

    /**
     * Audio forwarded per transaction, at most: what bounds the forwarder's memory, since one
     * message may be 30 minutes long (a single longer message still goes, alone).
     */
    public long forwardBatchBytes() {
        return forwardBatchBytes;
    }

    /**
     * How much of one core the background compressor may take, in percent (1-100): it pauses
     * between messages so that calls being set up and the database are not starved of CPU while
     * a burst of deposits is compressed.
     */
    public int compressionCpuPercent() {
        return compressionCpuPercent;
    }

    @Produces
    public DialPlan dialPlan() {
        return dialPlan;
    }
}
