package org.homebound.voicemail.callstatus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.RejectCause;
import org.homebound.voicemail.calltransfer.CallTransferService;
import org.homebound.voicemail.calltransfer.Destination;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.extensions.DialPlan;

/**
 * Decides whether an offered call is transferred to voicemail (claim 1) or handled normally
 * (claim 2): a call for an existing, enabled mailbox with room goes to voicemail; a call for an
 * unknown number, a disabled or full mailbox does not (it is refused with the protocol's code, or
 * redirected where the site sends such calls); a direct call to the pilot is a subscriber
 * calling for their messages (the phone menu). A call for an extension homed at another site is
 * taken here whatever that site's state: the home site checks the mailbox when the message
 * arrives, and refuses it there with a reason if it must. What is known of a mailbox here comes
 * from {@link MailboxAdmission}'s exact cache, so the decision does not wait on the database.
 */
@ApplicationScoped
public class CallStatusService {

    private HomeboundSettings settings;
    private DialPlan dialPlan;
    private MailboxAdmission admission;
    private CallTransferService callTransfer;

    protected CallStatusService() {
        // for the CDI proxy
    }

    @Inject
    public CallStatusService(HomeboundSettings settings, DialPlan dialPlan, MailboxAdmission admission,
                             CallTransferService callTransfer) {
        this.settings = settings;
        this.dialPlan = dialPlan;
        this.admission = admission;
        this.callTransfer = callTransfer;
    }

    public CallDecision decide(CallOffered call) {
        CallDecision d = decideWhere(call);
        String elsewhere = settings.refusedCallTarget();
        if (d instanceof CallDecision.HandleNormally refused && !elsewhere.isEmpty()) {
            return new CallDecision.Redirect(elsewhere, refused.cause(), refused.why());
        }
        return d;
    }

    private CallDecision decideWhere(CallOffered call) {
        if (!call.diverted() && settings.pilotNumber().equals(call.calledNumber())) {
            return new CallDecision.ToPhoneMenu();
        }
        String extension = dialPlan.extensionOf(call.calledNumber()).orElse(null);
        if (extension == null) {
            return new CallDecision.HandleNormally(RejectCause.NO_SUCH_MAILBOX, "no mailbox for " + call.calledNumber());
        }
        Destination destination = callTransfer.destinationOf(extension);
        if (destination.remote()) {
            return new CallDecision.ToVoicemail(destination);
        }
        MailboxAdmission.Admission mailbox = admission.of(extension);
        if (!mailbox.exists()) {
            return new CallDecision.HandleNormally(RejectCause.NO_SUCH_MAILBOX, "no mailbox for " + call.calledNumber());
        }
        if (!mailbox.enabled()) {
            return new CallDecision.HandleNormally(RejectCause.MAILBOX_DISABLED, "mailbox " + extension + " is disabled");
        }
        if (mailbox.full()) {
            return new CallDecision.HandleNormally(RejectCause.MAILBOX_FULL,
                    "mailbox " + extension + " is full (" + mailbox.quota() + " messages)");
        }
        return new CallDecision.ToVoicemail(destination);
    }
}
