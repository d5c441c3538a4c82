package org.homebound.telephony.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.homebound.telephony.api.MediaStatistics;
import org.homebound.telephony.api.RecordedAudio;
import org.homebound.telephony.audio.AudioEncoding;

/**
 * Turns a stream of G.711 RTP packets into one contiguous recording. Packets wait in a small
 * reorder window keyed by extended sequence number (RFC 3550 A.1) and are placed by RTP
 * timestamp, so reordering, loss (filled with silence) and packet-size changes all come out with
 * the right duration. A jump of more than {@link #MAX_SEQUENCE_JUMP} sequence numbers or
 * {@link #MAX_GAP_SAMPLES} of timestamp, either way (a sender that restarted its stream without a
 * new SSRC, or a clock that ran on through a hold), starts a new stream where the recording stands
 * instead of dropping the packets as late or filling the jump with silence. The audio goes into
 * chunks of {@link RecordedAudio#CHUNK} bytes as it comes: however long the recording, no array
 * grows and none is large. Not thread-safe: one recorder belongs to one media session.
 */
public final class RtpRecorder {

    /** Ten seconds: longer than any real loss the media timeout lets through. */
    static final long MAX_GAP_SAMPLES = 10 * 8000;
    /** Ten seconds of 20 ms packets. */
    static final int MAX_SEQUENCE_JUMP = 500;

    private final AudioEncoding encoding;
    private final byte silence;
    private final int maxSamples;
    private final int window;
    /** A packet waiting in the reorder window. */
    private record Waiting(long timestamp, byte[] payload) {
    }

    private final TreeMap<Long, Waiting> pending = new TreeMap<>();
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] chunk;
    private int chunkUsed;

    private boolean started;
    private long highestSeq;      // extended
    private long firstSeq;        // extended
    private long lastWrittenSeq = Long.MIN_VALUE;
    private long baseTimestamp = -1;
    /** Where the current stream's first sample goes (after earlier streams of the same call). */
    private long streamStart;
    /** Packets expected (by sequence numbers) in the streams before the current one. */
    private long expectedBefore;
    private long samplesWritten;
    private long received;
    private long reordered;
    private long discarded;

    /**
     * @param encoding   the call's G.711 law
     * @param maxSamples recording limit; audio beyond it is dropped
     * @param window     packets held back to repair reordering (50 = one second at 20 ms)
     */
    public RtpRecorder(AudioEncoding encoding, int maxSamples, int window) {
        this.encoding = encoding;
        this.silence = encoding.silence();
        this.maxSamples = maxSamples;
        this.window = Math.max(1, window);
    }

    public void accept(int sequence, long timestamp, byte[] data, int offset, int length) {
        if (started && Math.abs((short) (sequence - (int) (highestSeq & 0xFFFF))) > MAX_SEQUENCE_JUMP) {
            newStream();
        }
        long seq = extend(sequence);
        if (seq <= lastWrittenSeq || pending.containsKey(seq)) {
            discarded++;
            return;
        }
        if (started && seq < highestSeq) {
            reordered++;
        }
        if (!started) {
            started = true;
            firstSeq = seq;
            highestSeq = seq;
        } else {
            highestSeq = Math.max(highestSeq, seq);
            firstSeq = Math.min(firstSeq, seq);
        }
        byte[] payload = new byte[length];
        System.arraycopy(data, offset, payload, 0, length);
        pending.put(seq, new Waiting(timestamp, payload));
        received++;
        while (pending.size() > window) {
            writeOldest();
        }
    }

    /** Sequence numbers are 16 bits; extend them across wrap-around relative to the highest seen. */
    private long extend(int sequence) {
        if (!started) {
            return sequence + 65536L; // leave room below for packets that arrive late
        }
        int delta = (short) (sequence - (int) (highestSeq & 0xFFFF));
        return highestSeq + delta;
    }

    private void writeOldest() {
        Map.Entry<Long, Waiting> e = pending.pollFirstEntry();
        lastWrittenSeq = e.getKey();
        long ts = e.getValue().timestamp();
        byte[] payload = e.getValue().payload();
        if (baseTimestamp < 0) {
            baseTimestamp = ts;
        }
        long offset = (int) (ts - baseTimestamp); // RTP timestamps wrap at 2^32: the signed distance
        long position = streamStart + offset;
        if (position - samplesWritten > MAX_GAP_SAMPLES || samplesWritten - position > MAX_GAP_SAMPLES) {
            // A discontinuity, not a loss or a late packet: go on from here.
            streamStart = samplesWritten;
            baseTimestamp = ts;
            position = samplesWritten;
        }
        if (position < samplesWritten) {
            discarded++; // older than what is already written: cannot be placed
            return;
        }
        fill(position - samplesWritten);
        int room = (int) Math.min(payload.length, Math.max(0, maxSamples - samplesWritten));
        for (int at = 0; at < room; ) {
            int k = Math.min(room - at, roomInChunk());
            System.arraycopy(payload, at, chunk, chunkUsed, k);
            chunkUsed += k;
            at += k;
        }
        samplesWritten += room;
    }

    private void fill(long gap) {
        long n = Math.min(gap, Math.max(0, maxSamples - samplesWritten));
        for (long left = n; left > 0; ) {
            int k = (int) Math.min(left, roomInChunk());
            Arrays.fill(chunk, chunkUsed, chunkUsed + k, silence);
            chunkUsed += k;
            left -= k;
        }
        samplesWritten += n;
    }

    /** Room left in the chunk being written, starting a new one when it is full. */
    private int roomInChunk() {
        if (chunk == null || chunkUsed == chunk.length) {
            chunk = new byte[RecordedAudio.CHUNK];
            chunks.add(chunk);
            chunkUsed = 0;
        }
        return chunk.length - chunkUsed;
    }

    /**
     * The sender starts a new RTP stream (new SSRC, sequence numbers and timestamps: a phone after
     * hold, media moved by a re-INVITE): what is waiting is written, and the new stream continues
     * the recording where it stands.
     */
    public void newStream() {
        while (!pending.isEmpty()) {
            writeOldest();
        }
        if (started) {
            expectedBefore += highestSeq - firstSeq + 1;
        }
        started = false;
        lastWrittenSeq = Long.MIN_VALUE;
        baseTimestamp = -1;
        streamStart = samplesWritten;
    }

    public boolean full() {
        return samplesWritten >= maxSamples;
    }

    /** Flushes the reorder window and returns the recording, in the chunks it was written to. */
    public RecordedAudio finish() {
        while (!pending.isEmpty()) {
            writeOldest();
        }
        return new RecordedAudio(encoding, chunks, (int) samplesWritten);
    }

    public MediaStatistics statistics() {
        long expected = expectedBefore + (started ? highestSeq - firstSeq + 1 : 0);
        long lost = Math.max(0, expected - received);
        return new MediaStatistics(received, lost, reordered, discarded);
    }
}
