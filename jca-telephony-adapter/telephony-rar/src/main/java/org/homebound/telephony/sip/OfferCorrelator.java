package org.homebound.telephony.sip;

import java.util.function.Consumer;
import org.homebound.telephony.api.CallOffered;

/**
 * A second source of truth about offered calls - a CTI link that knows why and for whom the switch
 * sent a call to voicemail. The trunk asks it before the application hears of an INVITE.
 */
public interface OfferCorrelator {

    /** Nothing to add: the application hears what the INVITE says, at once. */
    OfferCorrelator NONE = new OfferCorrelator() {
        @Override
        public void offered(CallOffered fromSip, String userToUser, Consumer<CallOffered> deliver) {
            deliver.accept(fromSip);
        }

        @Override
        public void ended(String sipCallId) {
            // nothing kept
        }
    };

    /**
     * An INVITE arrived; {@code deliver} must be called exactly once, now or later, with what the
     * application should be told (the same call id).
     *
     * @param userToUser the INVITE's RFC 7433 user-to-user data, decoded; empty if none
     */
    void offered(CallOffered fromSip, String userToUser, Consumer<CallOffered> deliver);

    /** The SIP call is over. */
    void ended(String sipCallId);
}
