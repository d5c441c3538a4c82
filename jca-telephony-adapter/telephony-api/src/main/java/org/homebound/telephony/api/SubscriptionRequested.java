package org.homebound.telephony.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The switch (or a phone through it) asks to be told an extension's message-waiting state from
 * now on (for SIP, a SUBSCRIBE for the message-summary event, RFC 3842). Answer with
 * {@link SwitchConnection#acceptSubscription} and the current counts, or
 * {@link SwitchConnection#rejectSubscription}; afterwards every {@link SwitchConnection#setMessageWaiting}
 * for the extension reaches the subscriber until the subscription ends.
 *
 * @param callId      the subscription's identity on the switch (for SIP, the SUBSCRIBE's Call-ID)
 * @param extension   whose mailbox the subscriber asks about
 * @param subscriber  who asks (user part of the subscriber's address), may be empty
 * @param expires     how long the subscription lasts unless refreshed; zero for a one-time fetch
 */
public record SubscriptionRequested(String callId, String extension, String subscriber, Duration expires, Instant requestedAt)
        implements CallEvent {

    public SubscriptionRequested {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(requestedAt, "requestedAt");
        subscriber = subscriber == null ? "" : subscriber;
    }
}
