package org.homebound.telephony.sip;

import javax.sip.message.Response;
import org.homebound.telephony.api.RejectCause;

/** How each reason for refusing a call is said in SIP. */
record SipRejection(int status, String phrase, String warning) {

    static SipRejection of(RejectCause cause) {
        return switch (cause) {
            case NO_SUCH_MAILBOX -> new SipRejection(Response.NOT_FOUND, "Mailbox Not Found", "no voicemail box for the called number");
            case MAILBOX_DISABLED -> new SipRejection(Response.TEMPORARILY_UNAVAILABLE, "Mailbox Disabled", "the voicemail box is disabled");
            case MAILBOX_FULL -> new SipRejection(Response.TEMPORARILY_UNAVAILABLE, "Mailbox Full", "the voicemail box is full");
            case SERVICE_NOT_AVAILABLE -> new SipRejection(Response.TEMPORARILY_UNAVAILABLE, "Service Not Available", "message retrieval by phone is not offered on this site yet");
            case NOT_ACCEPTABLE -> new SipRejection(Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here", "the call cannot be handled");
            case TEMPORARILY_UNAVAILABLE -> new SipRejection(Response.SERVICE_UNAVAILABLE, "Voicemail Temporarily Unavailable", "try again later");
        };
    }
}
