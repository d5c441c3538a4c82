package org.homebound.telephony.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Audio to play to a caller: 16-bit linear PCM samples at 8 kHz, mono. The driver encodes it in
 * whatever the call negotiated.
 */
public record Prompt(String name, short[] pcm) {

    public Prompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pcm, "pcm");
    }

    public Duration duration() {
        return Duration.ofMillis(pcm.length * 1000L / RecordedAudio.SAMPLE_RATE);
    }
}
