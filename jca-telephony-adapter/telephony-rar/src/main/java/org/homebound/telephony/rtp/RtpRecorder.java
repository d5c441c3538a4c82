package org.homebound.telephony.rtp;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.homebound.telephony.api.MediaStatistics;

/**
 * Turns a stream of G.711 RTP packets into one contiguous recording. Packets wait in a small
 * reorder window keyed by extended sequence number (RFC 3550 A.1) and are placed by RTP
 * timestamp, so reordering, loss (filled with silence) and packet-size changes all come out with
 * the right duration. Not thread-safe: one recorder belongs to one media session.
 */
public final class RtpRecorder {

    private final byte silence;
    private final int maxSamples;
    private final int window;
    /** A packet waiting in the reorder window. */
    private record Waiting(long timestamp, byte[] payload) {
    }

    private final TreeMap<Long, Waiting> pending = new TreeMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);

    private boolean started;
    private long highestSeq;      // extended
    private long firstSeq;        // extended
    private long lastWrittenSeq = Long.MIN_VALUE;
    private long baseTimestamp = -1;
    private long samplesWritten;
    private long received;
    private long reordered;
    private long discarded;

    /**
     * @param silence    the code for a zero sample in this G.711 law
     * @param maxSamples recording limit; audio beyond it is dropped
     * @param window     packets held back to repair reordering (50 = one second at 20 ms)
     */
    public RtpRecorder(byte silence, int maxSamples, int window) {
        this.silence = silence;
        this.maxSamples = maxSamples;
        this.window = Math.max(1, window);
    }

    public void accept(int sequence, long timestamp, byte[] data, int offset, int length) {
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
        long position = (ts - baseTimestamp) & 0xFFFFFFFFL; // RTP timestamps wrap at 2^32
        if (position >= 0x80000000L || position < samplesWritten) {
            discarded++; // older than what is already written: cannot be placed
            return;
        }
        fill(position - samplesWritten);
        int room = (int) Math.min(payload.length, Math.max(0, maxSamples - samplesWritten));
        out.write(payload, 0, room);
        samplesWritten += room;
    }

    private void fill(long gap) {
        long n = Math.min(gap, Math.max(0, maxSamples - samplesWritten));
        for (long i = 0; i < n; i++) {
            out.write(silence);
        }
        samplesWritten += n;
    }

    public boolean full() {
        return samplesWritten >= maxSamples;
    }

    /** Flushes the reorder window and returns the recording. */
    public byte[] finish() {
        while (!pending.isEmpty()) {
            writeOldest();
        }
        return out.toByteArray();
    }

    public MediaStatistics statistics() {
        long expected = started ? highestSeq - firstSeq + 1 : 0;
        long lost = Math.max(0, expected - received);
        return new MediaStatistics(received, lost, reordered, discarded);
    }
}
