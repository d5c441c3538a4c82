package org.homebound.telephony.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Answer a call, play the prompts in order, then record until the caller hangs up or
 * {@code maximumLength} is reached. The outcome arrives as {@link RecordingFinished} carrying
 * {@code messageId} and {@code mailbox}.
 */
public record RecordingRequest(UUID messageId, String mailbox, List<Prompt> prompts, Duration maximumLength) {

    public RecordingRequest {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(mailbox, "mailbox");
        prompts = List.copyOf(prompts);
        if (maximumLength == null || maximumLength.isNegative() || maximumLength.isZero()) {
            throw new IllegalArgumentException("maximumLength must be positive");
        }
    }
}
