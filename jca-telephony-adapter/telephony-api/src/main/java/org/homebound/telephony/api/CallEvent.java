package org.homebound.telephony.api;

/** Something that happened to a call on the switch. */
public sealed interface CallEvent permits CallOffered, RecordingFinished, CallEnded, SubscriptionRequested, MenuInput {

    /** The switch-side identity of the call (for SIP, the Call-ID). */
    String callId();
}
