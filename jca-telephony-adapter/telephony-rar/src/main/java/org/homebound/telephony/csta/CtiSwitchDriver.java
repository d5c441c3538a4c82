package org.homebound.telephony.csta;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.homebound.telephony.adapter.AdapterServices;
import org.homebound.telephony.adapter.SwitchDriver;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.MenuStep;
import org.homebound.telephony.api.MessageWaiting;
import org.homebound.telephony.api.RecordingRequest;
import org.homebound.telephony.api.RejectCause;
import org.homebound.telephony.sip.OfferCorrelator;
import org.homebound.telephony.sip.SipTrunkDriver;
import org.jboss.logging.Logger;

/**
 * A switch reached two ways: a CSTA link for call control and lamps, the SIP trunk for the audio.
 * Calls arrive on the trunk and are completed from the CSTA call they pair with ({@link CstaCalls}:
 * the CSTA reason and extension win over what the INVITE says). Redirects are DeflectCall on the
 * switch (the trunk's 302 if the link is down or the switch refuses); so are calls voicemail does
 * not take, when a destination for them is configured (else the trunk refuses them with the SIP
 * code, and the switch goes on with its own treatment); lamps go to the switch and to every SIP
 * subscriber. Without the link, everything works as a plain SIP trunk.
 */
public final class CtiSwitchDriver implements SwitchDriver, OfferCorrelator {

    private static final Logger LOG = Logger.getLogger(CtiSwitchDriver.class);

    private final SipTrunkDriver sip;
    private final CstaCalls calls;
    private final CstaLinkSupervisor link;
    private final AdapterServices services;
    private final boolean callControl;
    private final String handleNormallyTo;
    private final Map<String, Instant> lampAsOf = new ConcurrentHashMap<>();

    /**
     * @param callControl         the switch expects AnswerCall before its voicemail port answers, and
     *                            ClearConnection (not a SIP refusal) for calls voicemail does not take
     * @param handleNormallyTo    where calls voicemail does not take are deflected (the attendant,
     *                            a coverage point); empty: refused on the trunk or cleared
     */
    public CtiSwitchDriver(SipTrunkDriver sip, CstaSettings settings, boolean callControl, String handleNormallyTo,
                           AdapterServices services) {
        this.sip = sip;
        this.services = services;
        this.callControl = callControl;
        this.handleNormallyTo = handleNormallyTo == null ? "" : handleNormallyTo.trim();
        this.calls = new CstaCalls(settings.correlationWindow());
        this.link = new CstaLinkSupervisor(settings, services::startLongRunning, calls, sip::clearedBySwitch);
    }

    public CstaLinkSupervisor link() {
        return link;
    }

    public CstaCalls calls() {
        return calls;
    }

    @Override
    public String name() {
        return "csta";
    }

    @Override
    public void start() throws Exception {
        sip.correlateOffersWith(this);
        sip.start();
        try {
            services.startLongRunning(link);
        } catch (Exception e) {
            sip.stop();
            throw e;
        }
    }

    @Override
    public void stop() {
        link.stop();
        sip.stop();
    }

    // ---- OfferCorrelator ----

    @Override
    public void offered(CallOffered fromSip, String userToUser, Consumer<CallOffered> deliver) {
        calls.offered(fromSip, userToUser, link.up(), deliver);
    }

    @Override
    public void ended(String sipCallId) {
        calls.sipCallEnded(sipCallId);
    }

    // ---- commands ----

    @Override
    public void answerAndRecord(String callId, RecordingRequest request) {
        answerOnSwitch(callId);
        sip.answerAndRecord(callId, request);
    }

    @Override
    public void menu(String callId, MenuStep step) {
        answerOnSwitch(callId);
        sip.menu(callId, step);
    }

    private void answerOnSwitch(String callId) {
        if (!callControl) {
            return;
        }
        Optional<CstaCalls.Call> c = calls.ofSipCall(callId);
        if (c.isPresent() && link.up()) {
            try {
                link.answer(c.get());
            } catch (IOException | CstaErrorException e) {
                LOG.warnf("call %s: AnswerCall on the switch failed (%s); answering on the trunk only", callId, e.getMessage());
            }
        }
    }

    @Override
    public void reject(String callId, RejectCause cause) {
        Optional<CstaCalls.Call> c = calls.ofSipCall(callId);
        if (!handleNormallyTo.isEmpty() && c.isPresent() && link.up()) {
            try {
                link.deflect(c.get(), handleNormallyTo);
                LOG.infof("call %s (CSTA %s): not for voicemail (%s), deflected to %s", callId, c.get().callId(), cause, handleNormallyTo);
                sip.handedOver(callId, handleNormallyTo);
                return;
            } catch (IOException | CstaErrorException e) {
                LOG.warnf("call %s: DeflectCall to %s failed (%s); refusing on the trunk", callId, handleNormallyTo, e.getMessage());
            }
        } else if (callControl && c.isPresent() && link.up()) {
            try {
                link.clear(c.get());
                LOG.infof("call %s (CSTA %s): not for voicemail (%s), cleared at %s for the switch's own treatment",
                        callId, c.get().callId(), cause, c.get().device());
                sip.handedOver(callId, "cleared");
                return;
            } catch (IOException | CstaErrorException e) {
                LOG.warnf("call %s: ClearConnection failed (%s); refusing on the trunk", callId, e.getMessage());
            }
        }
        sip.reject(callId, cause);
    }

    @Override
    public void redirect(String callId, String target) {
        Optional<CstaCalls.Call> c = calls.ofSipCall(callId);
        if (c.isPresent() && link.up()) {
            try {
                link.deflect(c.get(), target);
                LOG.infof("call %s (CSTA %s) deflected to %s", callId, c.get().callId(), target);
                sip.handedOver(callId, target);
                return;
            } catch (IOException | CstaErrorException e) {
                LOG.warnf("call %s: DeflectCall to %s failed (%s); redirecting on the trunk", callId, target, e.getMessage());
            }
        }
        sip.redirect(callId, target);
    }

    @Override
    public void setMessageWaiting(MessageWaiting state) {
        sip.setMessageWaiting(state);
        Instant[] newer = new Instant[1];
        lampAsOf.compute(state.extension(), (ext, before) -> {
            if (before != null && before.isAfter(state.asOf())) {
                return before; // an older state that arrived late: the lamp shows the newer one already
            }
            newer[0] = state.asOf();
            return state.asOf();
        });
        if (newer[0] != null) {
            link.lamp(state.extension(), state.lampOn());
        }
    }

    @Override
    public void acceptSubscription(String subscriptionId, MessageWaiting current) {
        sip.acceptSubscription(subscriptionId, current);
    }

    @Override
    public void rejectSubscription(String subscriptionId, RejectCause cause) {
        sip.rejectSubscription(subscriptionId, cause);
    }

    @Override
    public void sweep() {
        sip.sweep();
    }

    @Override
    public int activeCalls() {
        return sip.activeCalls();
    }

    @Override
    public org.homebound.telephony.api.SetupLatencies setupLatencies() {
        return sip.setupLatencies();
    }

    @Override
    public long refusedBusy() {
        return sip.refusedBusy();
    }

    @Override
    public java.util.List<org.homebound.telephony.api.LinkStatus> links() {
        java.util.List<org.homebound.telephony.api.LinkStatus> all = new java.util.ArrayList<>(sip.links());
        all.add(new org.homebound.telephony.api.LinkStatus("cti-link", link.up(), link.describe()));
        return all;
    }
}
