package org.homebound.telephony.api;

/**
 * A handle on the switch, obtained from {@link SwitchConnectionFactory}. Commands act on calls the
 * adapter announced with {@link CallOffered}; they return once the switch has been told, not when
 * the call is over. Close it when done (try-with-resources).
 */
public interface SwitchConnection extends AutoCloseable {

    /** Answer the call, play the prompts and record; the result arrives as {@link RecordingFinished}. */
    void answerAndRecord(String callId, RecordingRequest request);

    /**
     * Converse with the caller (the phone menu): the first step answers the call, each next step
     * is sent after the {@link MenuInput} of the one before. Steps sent while one runs replace it.
     */
    void menu(String callId, MenuStep step);

    /** Refuse the call; the switch handles it normally (claim 2). */
    void reject(String callId, RejectCause cause);

    /** Send the call elsewhere (a number or a protocol address). */
    void redirect(String callId, String target);

    /** Light or clear an extension's message-waiting lamp, and tell everyone subscribed to it. */
    void setMessageWaiting(MessageWaiting state);

    /** Takes a {@link SubscriptionRequested}: the subscriber is told {@code current} at once and every change after. */
    void acceptSubscription(String subscriptionId, MessageWaiting current);

    /** Refuses a {@link SubscriptionRequested} (e.g. no such mailbox here). */
    void rejectSubscription(String subscriptionId, RejectCause cause);

    /** The adapter's links to the switch, now (for health checks). */
    java.util.List<LinkStatus> links();

    /** Calls the adapter is handling now: offered, being answered, recorded or in the phone menu. */
    int activeCalls();

    /** INVITE to 200 OK of the calls answered since the adapter started. */
    SetupLatencies setupLatencies();

    /** Calls refused (503) since the adapter started because as many calls as the limit allows were in progress. */
    long refusedBusy();

    @Override
    void close();
}
