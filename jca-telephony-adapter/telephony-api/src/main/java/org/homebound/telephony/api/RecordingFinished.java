package org.homebound.telephony.api;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A recording asked for with {@link SwitchConnection#answerAndRecord} has ended; the audio is
 * handed over to the application, which now owns it.
 *
 * @param messageId the message id chosen when recording was requested
 * @param mailbox   the mailbox the recording is for, as given in the request
 * @param reason    why the call had come to voicemail (from the {@link CallOffered})
 * @param startedAt when recording started (after the greeting)
 */
public record RecordingFinished(String callId, UUID messageId, String mailbox, String callingNumber,
                                DiversionReason reason, Instant startedAt, RecordedAudio audio, RecordingEnd end,
                                MediaStatistics statistics) implements CallEvent {

    public RecordingFinished {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(statistics, "statistics");
        reason = reason == null ? DiversionReason.UNKNOWN : reason;
        callingNumber = callingNumber == null ? "" : callingNumber;
    }
}
