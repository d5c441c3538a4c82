package org.homebound.telephony.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;

/**
 * Opus in Ogg (RFC 7845, pages per RFC 3533) for 8 kHz mono speech: the compressed form a voice
 * message is kept and sent in. 20 ms packets, about one page a second. The codec is Concentus, a
 * pure-Java Opus; this class writes and reads the container itself and checks every page it reads.
 */
public final class OggOpus {

    /** Opus's reference rate: granule positions and pre-skip count 48 kHz samples. */
    private static final int GRANULE_RATE = 48_000;
    private static final int RATE_FACTOR = GRANULE_RATE / Wav.SAMPLE_RATE;
    /**
     * Encoded 60 ms at a time (the longest SILK frame): measured on 60 s of espeak-ng speech at
     * complexity 3, 261 ms of CPU per minute of audio against 422 ms in 20 ms frames, and files 4 %
     * smaller; the pure-Java encoder's cost is mostly per call (it allocates its state each time).
     */
    private static final int FRAME = Wav.SAMPLE_RATE * 60 / 1000;
    /** The longest Opus packet lasts 120 ms. */
    private static final int MAX_PACKET_SAMPLES = Wav.SAMPLE_RATE * 120 / 1000;
    private static final int PACKETS_PER_PAGE = 50;
    /** What decode will produce at most: an hour (a message may last 30 minutes). */
    private static final long MAX_SAMPLES = 3600L * Wav.SAMPLE_RATE;
    private static final int SERIAL = 0x486f6d65;
    /**
     * Encoder complexity (0-10). Measured on 86 s of speech at 10 kbit/s: 3 costs ~0.45 s of CPU per
     * minute of audio, 10 (the default) ~1.2 s, for files of the same size; 3 keeps the better pitch search.
     */
    private static final int COMPLEXITY = 3;
    private static final byte[] CAPTURE = ascii("OggS");
    private static final int[] CRC = crcTable();

    private OggOpus() {
    }

    /** Encodes 8 kHz mono samples at the given bit rate (bits per second) into an Ogg Opus file. */
    public static byte[] encode(short[] pcm, int bitsPerSecond) {
        OpusEncoder encoder;
        try {
            encoder = new OpusEncoder(Wav.SAMPLE_RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoder refused 8 kHz mono", e);
        }
        encoder.setBitrate(bitsPerSecond);
        encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        encoder.setComplexity(COMPLEXITY);
        int preSkip = encoder.getLookahead() * RATE_FACTOR;
        Pages pages = new Pages();
        pages.add(List.of(head(preSkip)), 0, 0x02);
        pages.add(List.of(tags()), 0, 0);
        List<byte[]> onPage = new ArrayList<>();
        byte[] out = new byte[1275];
        short[] frame = new short[FRAME];
        long encoded = 0;
        // Enough frames that the decoder, after skipping the encoder's look-ahead, still has every input sample.
        int frames = (pcm.length + encoder.getLookahead() + FRAME - 1) / FRAME;
        for (int f = 0; f < frames; f++) {
            int from = f * FRAME;
            Arrays.fill(frame, (short) 0);
            System.arraycopy(pcm, Math.min(from, pcm.length), frame, 0, Math.max(0, Math.min(FRAME, pcm.length - from)));
            try {
                onPage.add(Arrays.copyOf(out, encoder.encode(frame, 0, FRAME, out, 0, out.length)));
            } catch (OpusException e) {
                throw new IllegalStateException("Opus encoding failed at frame " + f, e);
            }
            encoded += FRAME;
            boolean last = f == frames - 1;
            if (onPage.size() == PACKETS_PER_PAGE || last) {
                // A granule position counts decoded 48 kHz samples, the pre-skip included; the last page's
                // marks where the real audio ends (the rest is padding).
                long granule = last ? preSkip + (long) pcm.length * RATE_FACTOR : encoded * RATE_FACTOR;
                pages.add(onPage, granule, last ? 0x04 : 0);
                onPage = new ArrayList<>();
            }
        }
        return pages.bytes.toByteArray();
    }

    /**
     * Decodes an Ogg Opus file of one mono stream to 8 kHz samples, pre-skip and end padding removed.
     *
     * @throws IllegalArgumentException saying what is wrong with a file that is not one
     */
    public static short[] decode(byte[] file) {
        List<byte[]> packets = new ArrayList<>();
        long lastGranule = readPages(file, packets);
        if (packets.size() < 2) {
            throw new IllegalArgumentException("an Ogg Opus stream needs OpusHead and OpusTags packets");
        }
        ByteBuffer head = ByteBuffer.wrap(packets.get(0)).order(ByteOrder.LITTLE_ENDIAN);
        if (head.remaining() < 19 || !startsWith(packets.get(0), "OpusHead") || (head.get(8) & 0xf0) != 0) {
            throw new IllegalArgumentException("the first packet is not an OpusHead of version 0.x/1");
        }
        if (head.get(9) != 1) {
            throw new IllegalArgumentException("only mono Opus is read here, this has " + head.get(9) + " channels");
        }
        if (!startsWith(packets.get(1), "OpusTags")) {
            throw new IllegalArgumentException("the second packet is not OpusTags");
        }
        int preSkip = Short.toUnsignedInt(head.getShort(10));
        OpusDecoder decoder;
        try {
            decoder = new OpusDecoder(Wav.SAMPLE_RATE, 1);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus decoder refused 8 kHz mono", e);
        }
        // Grown as decoded, never past MAX_SAMPLES: the packet count alone does not say how long a file is.
        short[] all = new short[(int) Math.min((long) (packets.size() - 2) * FRAME, 60L * Wav.SAMPLE_RATE) + MAX_PACKET_SAMPLES];
        int n = 0;
        for (byte[] packet : packets.subList(2, packets.size())) {
            if (packet.length == 0) {
                throw new IllegalArgumentException("an empty Opus packet after " + n + " samples");
            }
            if (n > MAX_SAMPLES) {
                throw new IllegalArgumentException("more audio than the " + MAX_SAMPLES / Wav.SAMPLE_RATE / 60 + " minutes a file may have");
            }
            if (all.length - n < MAX_PACKET_SAMPLES) {
                all = Arrays.copyOf(all, (int) Math.min(2L * all.length, MAX_SAMPLES + 2L * MAX_PACKET_SAMPLES));
            }
            try {
                n += decoder.decode(packet, 0, packet.length, all, n, MAX_PACKET_SAMPLES, false);
            } catch (OpusException e) {
                throw new IllegalArgumentException("a damaged Opus packet after " + n + " samples", e);
            }
        }
        int skip = Math.min(n, preSkip / RATE_FACTOR);
        long end = Math.min(n, Math.max(skip, (lastGranule - preSkip) / RATE_FACTOR + skip));
        return Arrays.copyOfRange(all, skip, (int) end);
    }

    /** Reads every page (checked: capture, version, CRC, one stream); returns the last granule position. */
    private static long readPages(byte[] file, List<byte[]> packets) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        long granule = 0;
        int pos = 0;
        int sequence = 0;
        while (pos < file.length) {
            if (file.length - pos < 27 || !Arrays.equals(file, pos, pos + 4, CAPTURE, 0, 4)) {
                throw new IllegalArgumentException("no Ogg page at byte " + pos);
            }
            if (file[pos + 4] != 0) {
                throw new IllegalArgumentException("Ogg version " + file[pos + 4] + " at byte " + pos);
            }
            if (sequence > 0 && b.getInt(pos + 14) != b.getInt(14)) {
                throw new IllegalArgumentException("a second logical stream at byte " + pos);
            }
            if (b.getInt(pos + 18) != sequence) {
                throw new IllegalArgumentException("page " + b.getInt(pos + 18) + " where page " + sequence + " was expected");
            }
            int segments = Byte.toUnsignedInt(file[pos + 26]);
            int headerLength = 27 + segments;
            if (file.length - pos < headerLength) {
                throw new IllegalArgumentException("truncated Ogg page header at byte " + pos);
            }
            int bodyLength = 0;
            for (int i = 0; i < segments; i++) {
                bodyLength += Byte.toUnsignedInt(file[pos + 27 + i]);
            }
            if (file.length - pos < headerLength + bodyLength) {
                throw new IllegalArgumentException("truncated Ogg page at byte " + pos);
            }
            if (crc(file, pos, headerLength + bodyLength) != b.getInt(pos + 22)) {
                throw new IllegalArgumentException("Ogg page " + sequence + " fails its CRC");
            }
            long pageGranule = b.getLong(pos + 6);
            if (pageGranule != -1) {
                granule = pageGranule;
            }
            int body = pos + headerLength;
            for (int i = 0; i < segments; i++) {
                int length = Byte.toUnsignedInt(file[pos + 27 + i]);
                partial.write(file, body, length);
                body += length;
                if (length < 255) {
                    packets.add(partial.toByteArray());
                    partial.reset();
                }
            }
            pos = body;
            sequence++;
        }
        return granule;
    }

    private static byte[] head(int preSkip) {
        ByteBuffer b = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("OpusHead")).put((byte) 1).put((byte) 1).putShort((short) preSkip).putInt(Wav.SAMPLE_RATE).putShort((short) 0)
                .put((byte) 0);
        return b.array();
    }

    private static byte[] tags() {
        byte[] vendor = ascii("Homebound");
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + vendor.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("OpusTags")).putInt(vendor.length).put(vendor).putInt(0);
        return b.array();
    }

    /** Writes Ogg pages of one logical stream. */
    private static final class Pages {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int sequence;

        void add(List<byte[]> packets, long granule, int flags) {
            ByteArrayOutputStream lacing = new ByteArrayOutputStream();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (byte[] p : packets) {
                for (int left = p.length; ; left -= 255) {
                    lacing.write(Math.min(left, 255));
                    if (left < 255) {
                        break;
                    }
                }
                body.writeBytes(p);
            }
            if (lacing.size() > 255) {
                throw new IllegalStateException("too many segments for one Ogg page: " + lacing.size());
            }
            ByteBuffer h = ByteBuffer.allocate(27 + lacing.size() + body.size()).order(ByteOrder.LITTLE_ENDIAN);
            h.put(CAPTURE).put((byte) 0).put((byte) flags).putLong(granule).putInt(SERIAL).putInt(sequence++).putInt(0)
                    .put((byte) lacing.size()).put(lacing.toByteArray()).put(body.toByteArray());
            byte[] page = h.array();
            ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc(page, 0, page.length));
            bytes.writeBytes(page);
        }
    }

    /** Ogg's CRC-32: polynomial 0x04c11db7, not reflected, initial value 0, the CRC field counted as zero. */
    static int crc(byte[] data, int from, int length) {
        int crc = 0;
        for (int i = 0; i < length; i++) {
            int v = (i >= 22 && i < 26) ? 0 : Byte.toUnsignedInt(data[from + i]);
            crc = (crc << 8) ^ CRC[((crc >>> 24) & 0xff) ^ v];
        }
        return crc;
    }

    private static int[] crcTable() {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
            }
            t[i] = r;
        }
        return t;
    }

    private static boolean startsWith(byte[] packet, String magic) {
        byte[] m = ascii(magic);
        return packet.length >= m.length && Arrays.equals(packet, 0, m.length, m, 0, m.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
