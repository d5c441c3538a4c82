package org.homebound.telephony.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A call has reached the voicemail service and waits for a decision: record it, reject it or
 * redirect it (answer with {@link SwitchConnection}).
 *
 * @param callId        the switch's identity of the call
 * @param callingNumber who is calling (user part of the caller's address), may be empty if withheld
 * @param calledNumber  the number that was originally called, i.e. whose voicemail this is; for a
 *                      call that was not diverted, the number dialled (typically the pilot)
 * @param reason        why the call reached voicemail
 * @param dialledNumber the number the switch delivered the call to (the voicemail pilot or port)
 * @param driver        which protocol driver received it ("sip", "csta")
 * @param offeredAt     when the adapter received it
 */
public record CallOffered(String callId, String callingNumber, String calledNumber,
                          DiversionReason reason, String dialledNumber, String driver, Instant offeredAt)
        implements CallEvent {

    public CallOffered {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(calledNumber, "calledNumber");
        Objects.requireNonNull(reason, "reason");
        callingNumber = callingNumber == null ? "" : callingNumber;
        dialledNumber = dialledNumber == null ? "" : dialledNumber;
    }

    public boolean diverted() {
        return reason != DiversionReason.NOT_DIVERTED;
    }
}
