package org.homebound.telephony.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation with a caller on a call the application answers as a phone menu
 * (sent with {@link SwitchConnection#menu}; the first step answers the call). Keys the caller
 * presses are kept from the moment the call is answered, so a caller who knows the menu may type
 * ahead; a key stops a prompt that may be interrupted. Each step but {@link HangUp} ends in one
 * {@link MenuInput}; a caller who hangs up ends the call with {@link CallEnded}.
 */
public sealed interface MenuStep {

    /** Chosen by the application, carried back in the {@link MenuInput}. */
    String stepId();

    /** The prompts played before the step waits for the caller. */
    List<Prompt> prompts();

    /**
     * Plays the prompts (a key interrupts them), then collects up to {@code maxDigits} keys; '#'
     * ends the entry early and is not part of it. {@code timeout} is how long the caller may take
     * for the first key after the prompts and between keys. With {@code maxDigits} 0 the prompts are
     * just played (interruptible) and the step ends at once. With {@code discardTypedAhead} keys
     * pressed before the step began are dropped: a step that says something went wrong ("that PIN
     * is not right") is heard, not skipped by keys meant for the entry that failed.
     */
    record Collect(String stepId, List<Prompt> prompts, int maxDigits, Duration timeout, boolean discardTypedAhead)
            implements MenuStep {
        public Collect(String stepId, List<Prompt> prompts, int maxDigits, Duration timeout) {
            this(stepId, prompts, maxDigits, timeout, false);
        }

        public Collect {
            Objects.requireNonNull(stepId, "stepId");
            prompts = List.copyOf(prompts);
            if (maxDigits < 0 || maxDigits > 32) {
                throw new IllegalArgumentException("maxDigits must be 0-32");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }
    }

    /**
     * Plays the prompts (not interruptible: they end with the tone), then records until any key
     * (conventionally '#'), {@code silenceTimeout} of silence (zero: never), or the maximum length.
     * Trailing silence is trimmed. The call goes on afterwards.
     */
    record Record(String stepId, List<Prompt> prompts, Duration maximumLength, Duration silenceTimeout) implements MenuStep {
        public Record {
            Objects.requireNonNull(stepId, "stepId");
            prompts = List.copyOf(prompts);
            if (maximumLength == null || maximumLength.isNegative() || maximumLength.isZero()) {
                throw new IllegalArgumentException("maximumLength must be positive");
            }
            if (silenceTimeout == null || silenceTimeout.isNegative()) {
                throw new IllegalArgumentException("silenceTimeout must be zero or positive");
            }
        }
    }

    /** Plays the prompts to the end (say goodbye), then ends the call; {@link CallEnded} COMPLETED follows. */
    record HangUp(List<Prompt> prompts) implements MenuStep {
        public HangUp {
            prompts = List.copyOf(prompts);
        }

        @Override
        public String stepId() {
            return "hang-up";
        }
    }
}
