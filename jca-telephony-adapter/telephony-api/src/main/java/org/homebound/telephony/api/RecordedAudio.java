package org.homebound.telephony.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.homebound.telephony.audio.AudioEncoding;

/**
 * Audio as it came from the switch: G.711 bytes, one byte per sample at 8 kHz, kept in chunks of
 * at most {@link #CHUNK} bytes. A recording of any length is made of small arrays, so the media
 * engine never asks the collector for a large one (with G1's 1 MB regions, an array of 512 KB or
 * more, a minute of G.711, would be humongous). {@link #samples()} joins them for whoever needs
 * the recording in one piece.
 */
public final class RecordedAudio {

    public static final int SAMPLE_RATE = 8000;
    /** One second of G.711. */
    public static final int CHUNK = 8000;

    private final AudioEncoding encoding;
    private final List<byte[]> chunks;
    private final int length;
    /** Where each chunk begins in the audio. */
    private final int[] starts;

    /** Audio already in one piece (a test, a short recording). */
    public RecordedAudio(AudioEncoding encoding, byte[] samples) {
        this(encoding, List.of(Objects.requireNonNull(samples, "samples")), samples.length);
    }

    /**
     * @param chunks the audio in order; every chunk but the last is read whole, the last up to
     *               {@code length}
     * @param length samples in all
     */
    public RecordedAudio(AudioEncoding encoding, List<byte[]> chunks, int length) {
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.chunks = List.copyOf(chunks);
        this.starts = new int[this.chunks.size()];
        long room = 0;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = (int) Math.min(Integer.MAX_VALUE, room);
            room += this.chunks.get(i).length;
        }
        if (length < 0 || length > room) {
            throw new IllegalArgumentException("length " + length + " outside the " + room + " bytes given");
        }
        this.length = length;
    }

    public AudioEncoding encoding() {
        return encoding;
    }

    /** Samples in all. */
    public int length() {
        return length;
    }

    public Duration duration() {
        return Duration.ofMillis(length * 1000L / SAMPLE_RATE);
    }

    /** The chunks as recorded; the last ones may hold more than {@link #length()} in all. */
    public List<byte[]> chunks() {
        return chunks;
    }

    /** Copies {@code n} samples from {@code from} into {@code dest} at {@code offset}. */
    public void read(int from, byte[] dest, int offset, int n) {
        Objects.checkFromIndexSize(from, n, length);
        int i = Arrays.binarySearch(starts, from);
        if (i < 0) {
            i = -i - 2; // the chunk that holds it
        }
        int at = from - starts[i];
        while (n > 0) {
            byte[] c = chunks.get(i);
            int k = Math.min(n, c.length - at);
            System.arraycopy(c, at, dest, offset, k);
            offset += k;
            n -= k;
            i++;
            at = 0;
        }
    }

    /** The first {@code samples} of this audio, sharing its chunks. */
    public RecordedAudio truncated(int samples) {
        if (samples >= length) {
            return this;
        }
        return new RecordedAudio(encoding, chunks, samples);
    }

    /** The audio in one array (a copy, unless it was given in one piece). */
    public byte[] samples() {
        if (chunks.size() == 1 && chunks.get(0).length == length) {
            return chunks.get(0);
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] c : chunks) {
            int n = Math.min(c.length, length - at);
            System.arraycopy(c, 0, all, at, n);
            at += n;
            if (at == length) {
                break;
            }
        }
        return all;
    }

    @Override
    public String toString() {
        return "RecordedAudio[" + encoding + ", " + duration().toMillis() + " ms in " + chunks.size() + " chunks]";
    }
}
