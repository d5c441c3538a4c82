package org.homebound.telephony.rtp;

import java.time.Duration;
import java.util.Objects;

/**
 * What a media session does next: play a prompt (already encoded for the call), then collect
 * keys, record, or end the call.
 *
 * @param id            the application's name of the step (phone menu), or "deposit"
 * @param prompt        encoded audio played first
 * @param kind          what follows the prompt
 * @param interruptible whether a key stops the prompt
 * @param maxDigits     keys wanted ({@link Kind#COLLECT})
 * @param keyTimeout    how long to wait for the first and each next key ({@link Kind#COLLECT})
 * @param maximumLength longest recording ({@link Kind#RECORD})
 * @param silenceTimeout ends a recording after this much silence, zero never ({@link Kind#RECORD})
 * @param deposit       a caller's message: keys are ignored and the session ends with the recording
 * @param discardTypedAhead keys pressed before the step began are dropped, not taken as its entry
 */
public record MediaStep(String id, byte[] prompt, Kind kind, boolean interruptible, int maxDigits, Duration keyTimeout,
                        Duration maximumLength, Duration silenceTimeout, boolean deposit, boolean discardTypedAhead) {

    public enum Kind { COLLECT, RECORD, HANG_UP }

    public MediaStep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(kind, "kind");
    }

    /** A caller leaving a message: greeting and tone, then the recording; the call ends with it. */
    public static MediaStep deposit(byte[] prompt, Duration maximumLength, Duration silenceTimeout) {
        return new MediaStep("deposit", prompt, Kind.RECORD, false, 0, Duration.ZERO, maximumLength, silenceTimeout, true, false);
    }

    public static MediaStep collect(String id, byte[] prompt, int maxDigits, Duration keyTimeout) {
        return collect(id, prompt, maxDigits, keyTimeout, false);
    }

    public static MediaStep collect(String id, byte[] prompt, int maxDigits, Duration keyTimeout, boolean discardTypedAhead) {
        return new MediaStep(id, prompt, Kind.COLLECT, true, maxDigits, keyTimeout, Duration.ZERO, Duration.ZERO, false,
                discardTypedAhead);
    }

    /** A recording in a conversation (a greeting): any key ends it, the call goes on. */
    public static MediaStep record(String id, byte[] prompt, Duration maximumLength, Duration silenceTimeout) {
        return new MediaStep(id, prompt, Kind.RECORD, false, 0, Duration.ZERO, maximumLength, silenceTimeout, false, false);
    }

    public static MediaStep hangUp(byte[] prompt) {
        return new MediaStep("hang-up", prompt, Kind.HANG_UP, false, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, false, false);
    }
}
