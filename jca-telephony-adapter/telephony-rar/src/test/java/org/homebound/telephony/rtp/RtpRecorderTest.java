package org.homebound.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.homebound.telephony.api.MediaStatistics;
import org.homebound.telephony.api.RecordedAudio;
import org.homebound.telephony.audio.AudioEncoding;
import org.junit.jupiter.api.Test;

class RtpRecorderTest {

    private static final AudioEncoding LAW = AudioEncoding.PCMU;
    private static final byte SILENCE = LAW.silence(); // 0xFF, never a payload below

    /** Payload of packet n: 160 bytes all equal to n (mod 200, never the silence code). */
    private static byte[] payload(int n) {
        byte[] p = new byte[160];
        Arrays.fill(p, (byte) (n % 200));
        return p;
    }

    private static void feed(RtpRecorder r, int n, int seqBase, long tsBase) {
        byte[] p = payload(n);
        r.accept((seqBase + n) & 0xFFFF, (tsBase + 160L * n) & 0xFFFFFFFFL, p, 0, p.length);
    }

    private static byte[] expected(int packets) {
        byte[] out = new byte[packets * 160];
        for (int n = 0; n < packets; n++) {
            Arrays.fill(out, n * 160, (n + 1) * 160, (byte) (n % 200));
        }
        return out;
    }

    @Test
    void inOrderStreamIsCopied() {
        RtpRecorder r = new RtpRecorder(LAW, 1_000_000, 50);
        for (int n = 0; n < 100; n++) {
            feed(r, n, 1000, 5000);
        }
        assertArrayEquals(expected(100), r.finish().samples());
        assertEquals(new MediaStatistics(100, 0, 0, 0), r.statistics());
    }

    @Test
    void reorderedPacketsArePutBackInOrder() {
        List<Integer> order = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            order.add(n);
        }
        // shuffle within blocks of 10: jitter of up to 200 ms
        Random random = new Random(7);
        for (int i = 0; i < order.size(); i += 10) {
            Collections.shuffle(order.subList(i, i + 10), random);
        }
        RtpRecorder r = new RtpRecorder(LAW, 1_000_000, 50);
        for (int n : order) {
            feed(r, n, 65500, 4294967000L); // both sequence and timestamp wrap during the call
        }
        assertArrayEquals(expected(300), r.finish().samples());
        MediaStatistics s = r.statistics();
        assertEquals(300, s.packetsReceived());
        assertEquals(0, s.packetsLost());
        assertEquals(true, s.packetsReordered() > 0);
    }

    @Test
    void lossIsCountedAndFilledWithSilence() {
        RtpRecorder r = new RtpRecorder(LAW, 1_000_000, 50);
        for (int n = 0; n < 50; n++) {
            if (n != 10 && n != 11 && n != 30) {
                feed(r, n, 0, 0);
            }
        }
        byte[] audio = r.finish().samples();
        assertEquals(50 * 160, audio.length, "duration keeps lost packets' time");
        byte[] gap = Arrays.copyOfRange(audio, 10 * 160, 12 * 160);
        byte[] silence = new byte[320];
        Arrays.fill(silence, SILENCE);
        assertArrayEquals(silence, gap);
        assertEquals(3, r.statistics().packetsLost());
        assertEquals(47, r.statistics().packetsReceived());
    }

    @Test
    void duplicatesAndHopelesslyLatePacketsAreDiscarded() {
        RtpRecorder r = new RtpRecorder(LAW, 1_000_000, 5);
        for (int n = 0; n < 20; n++) {
            feed(r, n, 0, 0);
            feed(r, n, 0, 0); // duplicate
        }
        feed(r, 2, 0, 0); // far behind the window
        assertArrayEquals(expected(20), r.finish().samples());
        assertEquals(21, r.statistics().packetsDiscarded());
    }

    @Test
    void maximumLengthIsEnforced() {
        RtpRecorder r = new RtpRecorder(LAW, 800, 50);
        for (int n = 0; n < 20; n++) {
            feed(r, n, 0, 0);
        }
        assertEquals(800, r.finish().samples().length);
        assertEquals(true, r.full());
    }

    /**
     * A sender restarting its stream under the same SSRC (new random sequence numbers and
     * timestamps, after a hold) or a clock that ran on for a minute: the recording carries on
     * where it stands, neither dropping the packets as late nor filling a minute of silence.
     */
    @Test
    void aRestartedStreamOrAJumpedClockContinuesTheRecording() {
        RtpRecorder r = new RtpRecorder(LAW, 8000 * 600, 50);
        for (int n = 0; n < 50; n++) {
            feed(r, n, 40_000, 1_000_000);
        }
        for (int n = 50; n < 100; n++) {
            feed(r, n, 40_000 - 20_000, 500); // sequence numbers 20,000 back, timestamps far back
        }
        for (int n = 100; n < 150; n++) {
            feed(r, n, 40_000 - 20_000, 500 + 8000L * 60); // the same stream's clock a minute later
        }
        byte[] recording = r.finish().samples();
        assertArrayEquals(expected(150), recording);
        assertEquals(0, r.statistics().packetsLost());
    }

    @Test
    void aNewStreamStartsWhereTheRecordingStands() {
        RtpRecorder r = new RtpRecorder(LAW, 8000 * 600, 50);
        for (int n = 0; n < 50; n++) {
            feed(r, n, 100, 7777);
        }
        r.newStream();
        for (int n = 50; n < 100; n++) {
            feed(r, n, 9, 123_456_789);
        }
        assertArrayEquals(expected(100), r.finish().samples());
        assertEquals(100, r.statistics().packetsReceived());
        assertEquals(0, r.statistics().packetsLost());
    }

    /**
     * Ten minutes in 30 ms packets (so that packets straddle the chunk boundaries): the recording
     * is made of one-second chunks, none larger, and reads back sample for sample. A growing array
     * would have been reallocated past 4 MB, humongous for G1 from 512 KB on.
     */
    @Test
    void aLongRecordingIsKeptInSmallChunksAndReadsBackWhole() {
        int packets = 10 * 60 * 1000 / 30;
        RtpRecorder r = new RtpRecorder(LAW, 8000 * 600, 50);
        byte[] p = new byte[240];
        for (int n = 0; n < packets; n++) {
            Arrays.fill(p, (byte) (n % 200));
            r.accept(n & 0xFFFF, 240L * n, p, 0, p.length);
        }
        RecordedAudio audio = r.finish();
        assertEquals(packets * 240, audio.length());
        assertEquals(600_000, audio.duration().toMillis());
        for (byte[] chunk : audio.chunks()) {
            assertTrue(chunk.length <= RecordedAudio.CHUNK, "a chunk of " + chunk.length + " bytes");
        }
        byte[] frame = new byte[240];
        for (int n = 0; n < packets; n += 997) {
            audio.read(n * 240, frame, 0, 240);
            for (byte b : frame) {
                assertEquals((byte) (n % 200), b, "packet " + n);
            }
        }
        assertEquals(0, r.statistics().packetsLost());
    }
}
