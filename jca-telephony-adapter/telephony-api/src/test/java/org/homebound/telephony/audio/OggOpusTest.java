package org.homebound.telephony.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OggOpusTest {

    /** A voice-like test signal: a gliding 120-240 Hz fundamental with harmonics, syllables of ~200 ms. */
    private static short[] voice(int samples) {
        short[] pcm = new short[samples];
        double phase = 0;
        for (int i = 0; i < samples; i++) {
            double t = i / 8000.0;
            double f0 = 180 + 60 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * f0 / 8000;
            double s = 0;
            for (int h = 1; h <= 12; h++) {
                s += Math.sin(h * phase) / h;
            }
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 5 * t);
            pcm[i] = (short) (6000 * envelope * s);
        }
        return pcm;
    }

    @Test
    void aRoundTripKeepsTheExactLengthAndTheSignal() {
        short[] in = voice(26_641); // not a whole number of 20 ms frames
        short[] out = OggOpus.decode(OggOpus.encode(in, 12_000));
        assertEquals(in.length, out.length, "pre-skip and end padding removed");
        double correlation = correlation(in, out);
        assertTrue(correlation > 0.8, "decoded audio follows the original (correlation " + correlation + ")");
    }

    @Test
    void everyLengthComesBackWhole() {
        for (int samples : new int[] {0, 1, 159, 160, 24_000, 24_001}) {
            assertEquals(samples, OggOpus.decode(OggOpus.encode(voice(samples), 12_000)).length, samples + " samples");
        }
    }

    @Test
    void aMinuteOfSpeechAt10kbpsFitsIn90KB() {
        byte[] file = OggOpus.encode(voice(60 * 8000), 10_000);
        assertTrue(file.length <= 90_000, file.length + " bytes per minute");
        assertTrue(file.length >= 60_000, "the bit rate was honoured, not undercut: " + file.length);
    }

    @Test
    void opusdecReadsWhatWeWrite(@TempDir Path dir) throws Exception {
        short[] in = voice(3 * 8000);
        Path ogg = dir.resolve("m.opus");
        Files.write(ogg, OggOpus.encode(in, 12_000));
        Path wav = dir.resolve("m.wav");
        // At Opus's own 48 kHz, so that no resampler of opusdec's shortens the end.
        Process p = new ProcessBuilder("opusdec", "--rate", "48000", ogg.toString(), wav.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "opusdec (Debian's opus-tools) decodes the file: " + output);
        assertEquals(in.length * 6L, wavSamples(Files.readAllBytes(wav)), "opusdec honours our pre-skip and end granule");
    }

    @Test
    void damagedFilesAreRefusedWithTheReason() {
        byte[] file = OggOpus.encode(voice(8000), 12_000);
        byte[] flipped = file.clone();
        flipped[flipped.length - 10] ^= 0x40;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OggOpus.decode(flipped)).getMessage().contains("CRC"));
        byte[] truncated = Arrays.copyOf(file, file.length - 5);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OggOpus.decode(truncated)).getMessage().contains("truncated"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OggOpus.decode(Wav.encode(new short[8])))
                .getMessage().contains("no Ogg page"));
    }

    @Test
    void anEmptyPacketIsRefused() {
        byte[] file = OggOpus.encode(voice(800), 12_000);
        // After the two header pages, a page holding one empty packet; the pages after it renumbered.
        List<byte[]> pages = pages(file);
        byte[] empty = new byte[28];
        System.arraycopy(pages.get(0), 0, empty, 0, 26);
        empty[5] = 0;
        empty[26] = 1; // one segment, of length 0
        pages.add(2, empty);
        byte[] file2 = joined(pages);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> OggOpus.decode(file2));
        assertTrue(refused.getMessage().contains("empty Opus packet"), refused.getMessage());
        IllegalArgumentException unread = assertThrows(IllegalArgumentException.class, () -> OggOpus.durationMillis(file2));
        assertTrue(unread.getMessage().contains("is empty"), unread.getMessage());
    }

    @Test
    void theDurationReadFromTheStructureIsWhatDecodingGives() {
        for (int samples : new int[] {0, 1, 159, 8000, 26_641, 30 * 8000}) {
            byte[] file = OggOpus.encode(voice(samples), 10_000);
            assertEquals(OggOpus.decode(file).length / 8, OggOpus.durationMillis(file), samples + " samples");
        }
    }

    @Test
    void theDurationOfAFileMadeByOpusencIsItsInputs(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("in.wav");
        Files.write(wav, Wav.encode(voice(5 * 8000 + 123)));
        Path ogg = dir.resolve("in.opus");
        // opusenc codes at 48 kHz, in CELT or hybrid frames too: other TOC configurations than ours.
        Process p = new ProcessBuilder("opusenc", "--quiet", "--bitrate", "32", wav.toString(), ogg.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "opusenc (Debian's opus-tools) encodes: " + output);
        assertEquals(5015, OggOpus.durationMillis(Files.readAllBytes(ogg)), "5 s and 123 samples at 8 kHz");
    }

    @Test
    void malformedPacketsAreRefusedWithoutDecoding() {
        byte[] file = OggOpus.encode(voice(800), 10_000);
        // TOC 0x18: SILK narrow-band 60 ms (config 3). Code 3 with no frames; code 3 with 3 x 60 ms (over 120 ms);
        // code 1 (two equal frames) in an odd number of bytes; code 2 whose first frame runs past the end.
        byte[][] bad = {{0x1b, 0x00, 1, 2}, {0x1b, 0x03, 1, 2, 3}, {0x19, 1, 2, 3}, {0x1a, 100, 1, 2}, {0x1b, (byte) 0x82, (byte) 200, 1}};
        String[] why = {"0 frames", "3 frames of 60.0 ms", "odd number", "runs past its end", "run past its end"};
        for (int i = 0; i < bad.length; i++) {
            byte[] damaged = withOnePacket(file, bad[i], 2880);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OggOpus.durationMillis(damaged));
            assertTrue(e.getMessage().contains(why[i]), e.getMessage());
        }
        byte[] sixty = {0x18, 1, 2, 3};
        int preSkip = ByteBuffer.wrap(pages(file).get(0)).order(ByteOrder.LITTLE_ENDIAN).getShort(28 + 10);
        assertEquals((2880 - preSkip) / 48, OggOpus.durationMillis(withOnePacket(file, sixty, 2880)), "one 60 ms packet, less the pre-skip");
        byte[] claimsMore = withOnePacket(file, sixty, 2880 + 48);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OggOpus.durationMillis(claimsMore)).getMessage()
                .contains("outside the 2880 samples"));
    }

    /** The file's two header pages and then one page holding the packet, ending at the granule position. */
    private static byte[] withOnePacket(byte[] file, byte[] packet, long granule) {
        List<byte[]> pages = pages(file).subList(0, 2);
        ByteBuffer page = ByteBuffer.allocate(28 + packet.length).order(ByteOrder.LITTLE_ENDIAN);
        page.put(pages.get(0), 0, 14).putInt(14, ByteBuffer.wrap(pages.get(0)).order(ByteOrder.LITTLE_ENDIAN).getInt(14));
        page.put(5, (byte) 0x04).putLong(6, granule).put(26, (byte) 1).put(27, (byte) packet.length).put(28, packet);
        List<byte[]> all = new ArrayList<>(pages);
        all.add(page.array());
        return joined(all);
    }

    /** The pages one after the other, renumbered and their CRCs computed. */
    private static byte[] joined(List<byte[]> pages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < pages.size(); i++) {
            ByteBuffer page = ByteBuffer.wrap(pages.get(i)).order(ByteOrder.LITTLE_ENDIAN);
            page.putInt(18, i).putInt(22, 0).putInt(22, OggOpus.crc(pages.get(i), 0, pages.get(i).length));
            out.writeBytes(pages.get(i));
        }
        return out.toByteArray();
    }

    /** The file's Ogg pages, each a copy. */
    private static List<byte[]> pages(byte[] file) {
        List<byte[]> pages = new ArrayList<>();
        for (int pos = 0; pos < file.length; ) {
            int segments = Byte.toUnsignedInt(file[pos + 26]);
            int length = 27 + segments;
            for (int i = 0; i < segments; i++) {
                length += Byte.toUnsignedInt(file[pos + 27 + i]);
            }
            pages.add(Arrays.copyOfRange(file, pos, pos + length));
            pos += length;
        }
        return pages;
    }

    /** Samples in a 16-bit mono WAV file's data chunk. */
    private static long wavSamples(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        for (int pos = 12; pos + 8 <= file.length; pos += 8 + b.getInt(pos + 4)) {
            if (b.getInt(pos) == 0x61746164) { // "data"
                return Integer.toUnsignedLong(b.getInt(pos + 4)) / 2;
            }
        }
        throw new AssertionError("no data chunk in opusdec's WAV file");
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
}
