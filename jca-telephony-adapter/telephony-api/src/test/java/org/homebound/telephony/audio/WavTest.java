package org.homebound.telephony.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WavTest {

    /** A 16-bit PCM WAV file with the given rate and channels, each channel a sine of hz. */
    private static byte[] wav(int rate, int channels, double hz, double seconds) {
        int frames = (int) (rate * seconds);
        ByteBuffer b = ByteBuffer.allocate(44 + frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + frames * channels * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(frames * channels * 2);
        for (int i = 0; i < frames; i++) {
            short s = (short) (10_000 * Math.sin(2 * Math.PI * hz * i / rate));
            for (int c = 0; c < channels; c++) {
                b.putShort(s);
            }
        }
        return b.array();
    }

    private static double rms(short[] pcm, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    @Test
    void aComputerRecordingBecomesEightKilohertzSpeechKeepingTheBand() {
        for (int rate : new int[] {8000, 16_000, 44_100, 48_000}) {
            short[] speech = Wav.decodeAsSpeech(wav(rate, 2, 1000, 2.0));
            assertTrue(Math.abs(speech.length - 16_000) <= 1, rate + " Hz: 2 s at 8 kHz, got " + speech.length);
            double level = rms(speech, 800, speech.length - 800); // away from the edges
            assertTrue(Math.abs(level - 10_000 / Math.sqrt(2)) < 400, rate + " Hz: a 1 kHz tone keeps its level, rms " + level);
        }
    }

    @Test
    void whatIsAboveTheTelephoneBandDoesNotFoldIntoIt() {
        short[] speech = Wav.decodeAsSpeech(wav(48_000, 1, 6000, 1.0)); // would alias to 2 kHz if merely decimated
        double level = rms(speech, 800, speech.length - 800);
        assertTrue(level < 300, "a 6 kHz tone is filtered out, rms " + level);
    }

    @Test
    void otherFormatsAreRefusedSayingWhatTheyAre() {
        byte[] mono8k = wav(8000, 1, 440, 0.1);
        assertEquals(800, Wav.decode(mono8k).length);
        IllegalArgumentException stereo = assertThrows(IllegalArgumentException.class, () -> Wav.decode(wav(8000, 2, 440, 0.1)));
        assertTrue(stereo.getMessage().contains("2 channel(s)"), stereo.getMessage());
        IllegalArgumentException tooFast = assertThrows(IllegalArgumentException.class, () -> Wav.decodeAsSpeech(wav(96_000, 1, 440, 0.1)));
        assertTrue(tooFast.getMessage().contains("96000 Hz"), tooFast.getMessage());
        byte[] eightBit = mono8k.clone();
        eightBit[34] = 8;
        IllegalArgumentException bits = assertThrows(IllegalArgumentException.class, () -> Wav.decodeAsSpeech(eightBit));
        assertTrue(bits.getMessage().contains("8 bits"), bits.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Wav.decodeAsSpeech("not a wav file at all".getBytes(StandardCharsets.US_ASCII)));
    }
}
