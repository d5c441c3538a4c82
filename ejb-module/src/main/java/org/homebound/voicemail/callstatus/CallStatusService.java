package org.homebound.voicemail.callstatus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.RejectCause;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.homebound.voicemail.extensions.DialPlan;

/**
 * Decides whether an offered call is transferred to voicemail (claim 1) or handled normally
 * (claim 2): a call for an existing, enabled mailbox with room goes to voicemail; a call for an
 * unknown number, a disabled or full mailbox, or a direct call to the pilot does not.
 */
@ApplicationScoped
public class CallStatusService {

    private HomeboundSettings settings;
    private DialPlan dialPlan;
    private MailboxRepository mailboxes;
    private VoiceMessageRepository messages;

    protected CallStatusService() {
        // for the CDI proxy
    }

    @Inject
    public CallStatusService(HomeboundSettings settings, DialPlan dialPlan, MailboxRepository mailboxes, VoiceMessageRepository messages) {
        this.settings = settings;
        this.dialPlan = dialPlan;
        this.mailboxes = mailboxes;
        this.messages = messages;
    }

    public CallDecision decide(CallOffered call) {
        if (!call.diverted() && settings.pilotNumber().equals(call.calledNumber())) {
            return new CallDecision.HandleNormally(RejectCause.SERVICE_NOT_AVAILABLE,
                    "direct call to the pilot " + call.calledNumber() + ": message retrieval by phone is not offered yet");
        }
        Mailbox mailbox = dialPlan.extensionOf(call.calledNumber()).flatMap(mailboxes::findByExtension).orElse(null);
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
        return new CallDecision.ToVoicemail(mailbox);
    }
}
