package org.homebound.telephony.adapter;

import org.homebound.telephony.api.MenuStep;
import org.homebound.telephony.api.MessageWaiting;
import org.homebound.telephony.api.RecordingRequest;
import org.homebound.telephony.api.RejectCause;

/**
 * A protocol driver (SIP trunk, CSTA): what the adapter's outbound connections delegate to.
 * Commands throw {@link org.homebound.telephony.api.TelephonyException} for unknown or finished calls.
 */
public interface SwitchDriver {

    String name();

    void start() throws Exception;

    /** Stops the driver: ends calls in progress (their recordings are still delivered), frees sockets and threads. */
    void stop();

    void answerAndRecord(String callId, RecordingRequest request);

    /** A phone-menu step; the first answers the call. */
    void menu(String callId, MenuStep step);

    void reject(String callId, RejectCause cause);

    void redirect(String callId, String target);

    void setMessageWaiting(MessageWaiting state);

    void acceptSubscription(String subscriptionId, MessageWaiting current);

    void rejectSubscription(String subscriptionId, RejectCause cause);

    /** Periodic housekeeping: time out calls and subscriptions nobody decided about, end expired subscriptions. */
    void sweep();

    /** Calls the driver currently tracks (for monitoring and tests). */
    int activeCalls();

    /** INVITE to 200 OK of the calls answered since the driver started. */
    org.homebound.telephony.api.SetupLatencies setupLatencies();

    /** See {@link org.homebound.telephony.api.SwitchConnection#refusedBusy()}. */
    long refusedBusy();

    /** The driver's links to the switch and whether each works now. */
    java.util.List<org.homebound.telephony.api.LinkStatus> links();
}
