package org.homebound.telephony.api;

import java.util.Objects;

/**
 * The caller's answer to a {@link MenuStep}.
 *
 * @param digits    the keys collected ('0'-'9', '*', 'A'-'D'; never the '#' that ended the entry);
 *                  for a recording, the key that ended it, if one did
 * @param end       how the step ended
 * @param recording what was recorded, for a {@link MenuStep.Record}; otherwise null
 * @param recordingEnd why the recording ended, for a {@link MenuStep.Record}; otherwise null
 */
public record MenuInput(String callId, String stepId, String digits, End end, RecordedAudio recording, RecordingEnd recordingEnd)
        implements CallEvent {

    public enum End {
        /** The caller pressed '#'. */
        TERMINATED,
        /** As many keys as the step wanted. */
        MAX_DIGITS,
        /** The caller stopped pressing keys (or never started). */
        TIMEOUT,
        /** The prompts of a step that collects nothing were played to the end. */
        PLAYED,
        /** A key stopped the prompts of a step that collects nothing; the key is kept for the next step. */
        INTERRUPTED,
        /** A {@link MenuStep.Record} ended; see {@code recordingEnd}. */
        RECORDED
    }

    public MenuInput {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(end, "end");
        digits = digits == null ? "" : digits;
        if ((end == End.RECORDED) != (recording != null && recordingEnd != null)) {
            throw new IllegalArgumentException("a recording comes with RECORDED and only with it");
        }
    }
}
