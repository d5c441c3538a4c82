package org.homebound.voicemail.callstatus;

import org.homebound.telephony.api.RejectCause;
import org.homebound.voicemail.domain.mailbox.Mailbox;

/** What the call status module decided about an offered call. */
public sealed interface CallDecision {

    /** Take a message for this mailbox. */
    record ToVoicemail(Mailbox mailbox) implements CallDecision {
    }

    /** Not for voicemail: the switch handles the call normally (claim 2), told why. */
    record HandleNormally(RejectCause cause, String why) implements CallDecision {
    }
}
