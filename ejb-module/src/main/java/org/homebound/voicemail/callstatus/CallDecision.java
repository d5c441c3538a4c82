package org.homebound.voicemail.callstatus;

import org.homebound.telephony.api.RejectCause;
import org.homebound.voicemail.calltransfer.Destination;

/** What the call status module decided about an offered call. */
public sealed interface CallDecision {

    /** Take a message for this extension, whose home is the destination's site. */
    record ToVoicemail(Destination destination) implements CallDecision {
    }

    /** A subscriber calls the pilot to hear their messages: the phone menu (message retrieval). */
    record ToPhoneMenu() implements CallDecision {
    }

    /** Not for voicemail, and the site sends such calls elsewhere (the operator): redirect (302). */
    record Redirect(String target, RejectCause cause, String why) implements CallDecision {
    }

    /** Not for voicemail: the switch handles the call normally (claim 2), told why. */
    record HandleNormally(RejectCause cause, String why) implements CallDecision {
    }
}
