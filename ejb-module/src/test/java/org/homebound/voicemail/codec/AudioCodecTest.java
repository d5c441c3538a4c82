package org.homebound.voicemail.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.homebound.telephony.api.RecordedAudio;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.audio.Wav;
import org.homebound.voicemail.domain.message.AudioFormat;
import org.junit.jupiter.api.Test;

class AudioCodecTest {

    private final AudioCodec codec = new AudioCodec();

    /** Real speech: the shipped prompt (espeak-ng), as a caller's G.711 µ-law would carry it. */
    private static RecordedAudio speech() throws IOException {
        try (InputStream in = AudioCodecTest.class.getResourceAsStream("/prompts/leave-message.wav")) {
            return new RecordedAudio(AudioEncoding.PCMU, AudioEncoding.PCMU.encode(Wav.decode(in.readAllBytes())));
        }
    }

    @Test
    void speechIsStoredInAtMost90KilobytesAMinuteAndKeepsItsLengthAndShape() throws IOException {
        AudioCodec.StoredAudio recorded = codec.asRecorded(speech());
        assertEquals(AudioFormat.G711_ULAW, recorded.format());
        AudioCodec.StoredAudio stored = codec.compressed(recorded);
        assertEquals(AudioFormat.OGG_OPUS, stored.format());
        assertEquals(recorded.durationMillis(), stored.durationMillis());
        double kilobytesPerMinute = stored.data().length / 1000.0 / (stored.durationMillis() / 60_000.0);
        assertTrue(kilobytesPerMinute <= 90, kilobytesPerMinute + " KB per minute");
        short[] original = codec.decode(recorded.format(), recorded.data());
        short[] decoded = codec.decode(stored.format(), stored.data());
        assertEquals(original.length, decoded.length, "as many samples as were recorded");
        double correlation = correlation(original, decoded);
        assertTrue(correlation > 0.6, "decoded speech follows the recording (correlation " + correlation + ")");
        assertSame(stored, codec.compressed(stored), "compressed audio is not compressed twice");
    }

    @Test
    void filesForTheApiAndAudioForAPhoneComeFromEitherFormat() throws IOException {
        AudioCodec.StoredAudio recorded = codec.asRecorded(speech());
        AudioCodec.StoredAudio stored = codec.compressed(recorded);
        int samples = recorded.data().length;
        assertEquals(samples, Wav.decode(codec.toFile(AudioCodec.AudioFile.WAV, stored.format(), stored.data())).length);
        assertEquals(samples, Wav.decode(codec.toFile(AudioCodec.AudioFile.WAV, recorded.format(), recorded.data())).length);
        assertSame(stored.data(), codec.toFile(AudioCodec.AudioFile.OGG, stored.format(), stored.data()), "Ogg is served as stored");
        byte[] oggOfG711 = codec.toFile(AudioCodec.AudioFile.OGG, recorded.format(), recorded.data());
        assertEquals(samples, codec.decode(AudioFormat.OGG_OPUS, oggOfG711).length);
        assertSame(recorded.data(), codec.toG711(recorded.format(), recorded.data(), AudioEncoding.PCMU));
        byte[] alaw = codec.toG711(recorded.format(), recorded.data(), AudioEncoding.PCMA);
        assertEquals(samples, alaw.length);
        assertTrue(correlation(AudioEncoding.PCMU.decode(recorded.data()), AudioEncoding.PCMA.decode(alaw)) > 0.99);
        assertEquals(samples, codec.toG711(stored.format(), stored.data(), AudioEncoding.PCMA).length);
    }

    @Test
    void compressedAudioFromElsewhereMustDecodeAndLastWhatItClaims() throws IOException {
        AudioCodec.StoredAudio stored = codec.compressed(codec.asRecorded(speech()));
        codec.checkCompressed(stored.data(), stored.durationMillis());
        codec.checkCompressed(stored.data(), stored.durationMillis() + 20);
        IllegalArgumentException longer = assertThrows(IllegalArgumentException.class,
                () -> codec.checkCompressed(stored.data(), stored.durationMillis() + 2000));
        assertTrue(longer.getMessage().contains("does not last"), longer.getMessage());
        byte[] damaged = stored.data().clone();
        damaged[damaged.length / 2] ^= 0x55;
        IllegalArgumentException crc = assertThrows(IllegalArgumentException.class, () -> codec.checkCompressed(damaged, stored.durationMillis()));
        assertTrue(crc.getMessage().contains("CRC"), crc.getMessage());
        byte[] g711 = Arrays.copyOf(AudioEncoding.PCMU.encode(new short[8000]), 8000);
        assertThrows(IllegalArgumentException.class, () -> codec.checkCompressed(g711, 1000), "G.711 posing as Opus");
    }

    private static double correlation(short[] a, short[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * (double) b[i];
            aa += a[i] * (double) a[i];
            bb += b[i] * (double) b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    /**
     * MP3 for email: MPEG-2 Layer III at 16 kHz (not the unofficial MPEG-2.5 LAME writes for 8 kHz input, which
     * some players refuse), about 180 KB a minute, and as long as the message: its frames, walked header by header
     * (576 samples each), add up to the speech's length give or take the encoder's delay.
     */
    @Test
    void mp3IsStandardMpeg2LayerThreeAtSixteenKilohertzAndKeepsTheLength() throws IOException {
        AudioCodec.StoredAudio recorded = codec.asRecorded(speech());
        byte[] mp3 = codec.toFile(AudioCodec.AudioFile.MP3, recorded.format(), recorded.data());
        int[] kbits = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
        int frames = 0;
        int pos = 0;
        while (pos + 4 <= mp3.length) {
            int b1 = mp3[pos + 1] & 0xFF;
            int b2 = mp3[pos + 2] & 0xFF;
            assertEquals(0xFF, mp3[pos] & 0xFF, "frame sync at " + pos);
            assertEquals(0xF2, b1 & 0xFE, "MPEG-2 (not 2.5), Layer III at " + pos);
            assertEquals(2, (b2 >> 2) & 3, "16 kHz at " + pos);
            int bitrate = kbits[b2 >> 4] * 1000;
            pos += 72 * bitrate / 16_000 + ((b2 >> 1) & 1);
            frames++;
        }
        assertEquals(mp3.length, pos, "the file is whole frames");
        double seconds = frames * 576 / 16_000.0;
        assertEquals(recorded.durationMillis() / 1000.0, seconds, 0.15, "length in seconds");
        double kilobytesPerMinute = mp3.length / 1000.0 / (recorded.durationMillis() / 60_000.0);
        assertTrue(kilobytesPerMinute < 200, kilobytesPerMinute + " KB per minute");
    }
}
