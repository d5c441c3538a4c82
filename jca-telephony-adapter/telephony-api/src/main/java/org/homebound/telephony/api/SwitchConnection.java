package org.homebound.telephony.api;

/**
 * A handle on the switch, obtained from {@link SwitchConnectionFactory}. Commands act on calls the
 * adapter announced with {@link CallOffered}; they return once the switch has been told, not when
 * the call is over. Close it when done (try-with-resources).
 */
public interface SwitchConnection extends AutoCloseable {

    /** Answer the call, play the prompts and record; the result arrives as {@link RecordingFinished}. */
    void answerAndRecord(String callId, RecordingRequest request);

    /** Refuse the call; the switch handles it normally (claim 2). */
    void reject(String callId, RejectCause cause);

    /** Send the call elsewhere (a number or a protocol address). */
    void redirect(String callId, String target);

    /** Light or clear an extension's message-waiting lamp. */
    void setMessageWaiting(MessageWaiting state);

    @Override
    void close();
}
