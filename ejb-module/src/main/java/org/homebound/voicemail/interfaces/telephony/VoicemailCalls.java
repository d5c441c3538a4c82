package org.homebound.voicemail.interfaces.telephony;

import java.util.UUID;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.homebound.telephony.api.CallEnded;
import org.homebound.telephony.api.CallEvent;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.MenuInput;
import org.homebound.telephony.api.RecordingFinished;
import org.homebound.telephony.api.RecordingRequest;
import org.homebound.telephony.api.SubscriptionRequested;
import org.homebound.telephony.api.SwitchConnection;
import org.homebound.telephony.api.SwitchConnectionFactory;
import org.homebound.telephony.api.TelephonyException;
import org.homebound.voicemail.application.Greetings;
import org.homebound.voicemail.application.MessageWaitingService;
import org.homebound.voicemail.application.VoicemailDeposit;
import org.homebound.voicemail.callstatus.CallDecision;
import org.homebound.voicemail.callstatus.CallStatusService;
import org.homebound.voicemail.calltransfer.Destination;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.jboss.logging.Logger;

/**
 * The path of a call through the modules: call status decides, call transfer finds the mailbox's
 * home, the switch is told what to do, and a finished recording is deposited; a subscriber calling
 * the pilot is taken through the phone menu.
 */
@ApplicationScoped
public class VoicemailCalls {

    private static final Logger LOG = Logger.getLogger(VoicemailCalls.class);

    @Inject
    CallStatusService callStatus;
    @Inject
    VoicemailDeposit deposit;
    @Inject
    Greetings greetings;
    @Inject
    HomeboundSettings settings;
    @Inject
    MessageWaitingService messageWaiting;
    @Inject
    PhoneMenu phoneMenu;

    @Resource(lookup = SwitchConnectionFactory.JNDI_NAME)
    SwitchConnectionFactory switches;

    public void handle(CallEvent event) {
        if (event instanceof CallOffered offered) {
            offered(offered);
        } else if (event instanceof RecordingFinished recording) {
            deposit.deposit(recording);
        } else if (event instanceof SubscriptionRequested subscription) {
            messageWaiting.subscriptionRequested(subscription);
        } else if (event instanceof MenuInput input) {
            phoneMenu.input(input);
        } else if (event instanceof CallEnded ended && phoneMenu.converses(ended.callId())) {
            phoneMenu.ended(ended);
        } else if (event instanceof CallEnded ended) {
            LOG.infof("call %s ended without a message: %s %s", ended.callId(), ended.cause(), ended.detail());
        }
    }

    private void offered(CallOffered call) {
        CallDecision decision = callStatus.decide(call);
        if (decision instanceof CallDecision.ToPhoneMenu) {
            phoneMenu.start(call);
            return;
        }
        try (SwitchConnection sw = switches.getConnection()) {
            if (decision instanceof CallDecision.ToVoicemail v) {
                Destination destination = v.destination();
                UUID messageId = UUID.randomUUID();
                sw.answerAndRecord(call.callId(), new RecordingRequest(messageId, destination.extension(),
                        greetings.beforeRecording(destination.extension()), settings.maximumMessageLength(), settings.silenceTimeout()));
                LOG.infof("call %s for %s (%s) from '%s': recording message %s, home %s", call.callId(),
                        destination.extension(), call.reason(), call.callingNumber(), messageId, destination.homeSite());
            } else if (decision instanceof CallDecision.Redirect r) {
                sw.redirect(call.callId(), r.target());
                LOG.infof("call %s for %s from '%s' sent to %s: %s", call.callId(), call.calledNumber(), call.callingNumber(), r.target(), r.why());
            } else if (decision instanceof CallDecision.HandleNormally n) {
                sw.reject(call.callId(), n.cause());
                LOG.infof("call %s for %s from '%s' not taken: %s", call.callId(), call.calledNumber(), call.callingNumber(), n.why());
            }
        } catch (TelephonyException gone) {
            // The caller hung up or the switch timed the call out while we decided: nothing to keep.
            LOG.infof("call %s for %s: %s", call.callId(), call.calledNumber(), gone.getMessage());
        }
    }
}
