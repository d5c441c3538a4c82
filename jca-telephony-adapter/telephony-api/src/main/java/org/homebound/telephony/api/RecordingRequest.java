package org.homebound.telephony.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Answer a call, play the prompts in order, then record until the caller hangs up, says nothing
 * for {@code silenceTimeout} (zero: never ends on silence), or {@code maximumLength} is reached.
 * Trailing silence is trimmed from every recording. The outcome arrives as
 * {@link RecordingFinished} carrying {@code messageId} and {@code mailbox}.
 */
public record RecordingRequest(UUID messageId, String mailbox, List<Prompt> prompts, Duration maximumLength, Duration silenceTimeout) {

    public RecordingRequest {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(mailbox, "mailbox");
        prompts = List.copyOf(prompts);
        if (maximumLength == null || maximumLength.isNegative() || maximumLength.isZero()) {
            throw new IllegalArgumentException("maximumLength must be positive");
        }
        if (silenceTimeout == null || silenceTimeout.isNegative()) {
            throw new IllegalArgumentException("silenceTimeout must be zero or positive");
        }
    }

    /** A recording that does not end on silence. */
    public RecordingRequest(UUID messageId, String mailbox, List<Prompt> prompts, Duration maximumLength) {
        this(messageId, mailbox, prompts, maximumLength, Duration.ZERO);
    }
}
