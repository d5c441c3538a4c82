package org.homebound.voicemail.callstatus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.RejectCause;
import org.homebound.voicemail.calltransfer.CallTransferService;
import org.homebound.voicemail.calltransfer.Destination;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.homebound.voicemail.extensions.DialPlan;

/**
 * Decides whether an offered call is transferred to voicemail (claim 1) or handled normally
 * (claim 2): a call for an existing, enabled mailbox with room goes to voicemail; a call for an
 * unknown number, a disabled or full mailbox does not (it is refused with the protocol's code, or
 * redirected where the site sends such calls); a direct call to the pilot is a subscriber
 * calling for their messages (the phone menu). A call for an extension homed at another site is
 * taken here whatever that site's state: the home site checks the mailbox when the message
 * arrives, and refuses it there with a reason if it must.
 */
@ApplicationScoped
public class CallStatusService {

    private HomeboundSettings settings;
    private DialPlan dialPlan;
    private MailboxRepository mailboxes;
    private VoiceMessageRepository messages;
    private CallTransferService callTransfer;

    protected CallStatusService() {
        // for the CDI proxy
    }

    @Inject
    public CallStatusService(HomeboundSettings settings, DialPlan dialPlan, MailboxRepository mailboxes, VoiceMessageRepository messages,
                             CallTransferService callTransfer) {
        this.settings = settings;
        this.dialPlan = dialPlan;
        this.mailboxes = mailboxes;
        this.messages = messages;
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
        Mailbox mailbox = mailboxes.findByExtension(extension).orElse(null);
        if (mailbox == null) {
            return new CallDecision.HandleNormally(RejectCause.NO_SUCH_MAILBOX, "no mailbox for " + call.calledNumber());
        }
        if (!mailbox.isEnabled()) {
            return new CallDecision.HandleNormally(RejectCause.MAILBOX_DISABLED, "mailbox " + mailbox.getExtension() + " is disabled");
        }
        if (messages.countFor(mailbox).total() >= mailbox.getQuota()) {
            return new CallDecision.HandleNormally(RejectCause.MAILBOX_FULL,
                    "mailbox " + mailbox.getExtension() + " is full (" + mailbox.getQuota() + " messages)");
        }
        return new CallDecision.ToVoicemail(destination);
    }
}
