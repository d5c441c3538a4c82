package org.homebound.telephony.api;

import java.time.Duration;
import java.util.Objects;
import org.homebound.telephony.audio.AudioEncoding;

/**
 * Audio as it came from the switch: G.711 bytes, one byte per sample at 8 kHz.
 */
public record RecordedAudio(AudioEncoding encoding, byte[] samples) {

    public static final int SAMPLE_RATE = 8000;

    public RecordedAudio {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(samples, "samples");
    }

    public Duration duration() {
        return Duration.ofMillis(samples.length * 1000L / SAMPLE_RATE);
    }
}
