package org.homebound.telephony.rtp;

import org.homebound.telephony.api.RecordedAudio;
import org.homebound.telephony.audio.AudioEncoding;

/**
 * Tells speech from silence in G.711 audio by level, 20 ms at a time: a frame whose RMS is above
 * about -40 dBFS counts as voice. Telephone line noise and comfort noise stay well below it;
 * speech, even quiet speech, is well above it.
 */
public final class VoiceActivity {

    /** RMS of a voiced frame, in 16-bit sample units (-40 dBFS is ~328). */
    static final double THRESHOLD = 300;
    private static final int FRAME = 160;

    private VoiceActivity() {
    }

    public static boolean voiced(AudioEncoding encoding, byte[] data, int offset, int length) {
        if (length <= 0) {
            return false;
        }
        double sum = 0;
        for (int i = offset; i < offset + length; i++) {
            double s = encoding.decode(data[i]);
            sum += s * s;
        }
        return Math.sqrt(sum / length) > THRESHOLD;
    }

    /**
     * The recording without its trailing silence, keeping {@code keepSamples} after the last voiced
     * frame (the end of the last word, and a natural pause); all silence gives an empty recording.
     * The result shares the recording's chunks.
     */
    public static RecordedAudio trimTrailingSilence(RecordedAudio recording, int keepSamples) {
        byte[] frame = new byte[FRAME];
        int end = recording.length();
        while (end > 0) {
            int start = Math.max(0, end - FRAME);
            recording.read(start, frame, 0, end - start);
            if (voiced(recording.encoding(), frame, 0, end - start)) {
                break;
            }
            end = start;
        }
        return recording.truncated(end == 0 ? 0 : Math.min(recording.length(), end + keepSamples));
    }
}
