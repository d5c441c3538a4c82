package org.homebound.telephony.sip;

import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.rtp.RtpSession;

/** One INVITE the trunk is handling, from offer to the end of its recording. */
final class SipCall {

    enum State { OFFERED, ANSWERED, ENDED }

    final String callId;
    final ServerTransaction invite;
    final Request request;
    /** The caller's latest offer (a re-INVITE replaces it). */
    volatile SdpOffer offer;
    /** How often our answer changed: the o= line's version grows with it (RFC 3264 §8). */
    volatile long answerVersion;
    final String localTag;
    /** What the application was told (a CTI link may have completed what the INVITE said). */
    volatile CallOffered offered;
    /** The caller's ACK of our 200 OK (a pseudo-transaction of the stack), once it came. */
    volatile ServerTransaction ackTransaction;
    /** Our 200 OK has been handed to the stack (its retransmission timer runs). */
    volatile boolean okSent;
    /** The CTI link moved the call elsewhere (DeflectCall): the switch, not us, ends this leg. */
    volatile String handedOverTo;
    final long offeredAtNanos = System.nanoTime();

    private State state = State.OFFERED;
    private Dialog dialog;
    private RtpSession media;

    SipCall(String callId, ServerTransaction invite, Request request, SdpOffer offer, String localTag, CallOffered offered) {
        this.callId = callId;
        this.invite = invite;
        this.request = request;
        this.offer = offer;
        this.localTag = localTag;
        this.offered = offered;
    }

    synchronized State state() {
        return state;
    }

    /** Moves OFFERED → next; false if the call is no longer waiting for a decision. */
    synchronized boolean leaveOffered(State next) {
        if (state != State.OFFERED) {
            return false;
        }
        state = next;
        return true;
    }

    synchronized void answered(Dialog d, RtpSession m) {
        this.dialog = d;
        this.media = m;
    }

    synchronized Dialog dialog() {
        return dialog;
    }

    synchronized RtpSession media() {
        return media;
    }

    synchronized void ended() {
        state = State.ENDED;
    }
}
