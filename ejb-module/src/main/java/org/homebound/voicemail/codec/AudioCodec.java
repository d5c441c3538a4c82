package org.homebound.voicemail.codec;

import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;
import org.homebound.telephony.api.RecordedAudio;
import org.homebound.telephony.audio.Wav;
import org.homebound.voicemail.domain.message.AudioFormat;

/**
 * Converts recorded call audio to the storage format and stored audio back to something a
 * person or a phone can play (claim 11). Messages are kept as the G.711 the call used: lossless
 * with respect to what was heard, and no CPU spent while calls are being recorded.
 */
@ApplicationScoped
public class AudioCodec {

    /** Stored audio: its format and bytes. */
    public record StoredAudio(AudioFormat format, byte[] data) {
        public Duration duration() {
            return Duration.ofMillis(data.length / 8L); // G.711: 8 bytes per millisecond
        }
    }

    public StoredAudio toStorage(RecordedAudio recorded) {
        return new StoredAudio(AudioFormat.of(recorded.encoding()), recorded.samples());
    }

    /** A 16-bit PCM WAV file of the stored audio. */
    public byte[] toWav(AudioFormat format, byte[] stored) {
        return Wav.encode(format.encoding().decode(stored));
    }
}
