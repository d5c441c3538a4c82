package org.homebound.telephony.api;

import java.util.Objects;

/** A call ended without a recording being handed over (cancelled, rejected, failed), or a phone-menu call ended. */
public record CallEnded(String callId, CallEndCause cause, String detail) implements CallEvent {

    public CallEnded {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(cause, "cause");
        detail = detail == null ? "" : detail;
    }

    public enum CallEndCause {
        CANCELLED_BY_CALLER,
        REJECTED,
        REDIRECTED,
        /** The application did not decide in time. */
        NO_DECISION,
        FAILED,
        /** The caller hung up a call the application was conversing with (phone menu). */
        HUNG_UP,
        /** The application ended the call ({@link MenuStep.HangUp}). */
        COMPLETED
    }
}
