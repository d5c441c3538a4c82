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
        Stream stream = Stream.read(file);
        List<byte[]> packets = stream.packets();
        int preSkip = stream.preSkip();
        long lastGranule = stream.lastGranule();
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

    /**
     * How long an Ogg Opus file plays, in milliseconds, read from its structure without decoding
     * it: every page is checked (CRC, order, one stream), the headers, and every packet against
     * RFC 6716's rules for a well-formed packet (section 3.4); the packets' own durations must
     * cover what the last granule position says. Decoding a 30-second message costs tens of
     * milliseconds of CPU; this costs what the CRC does, so a receiving site can check every
     * message of a drained backlog.
     *
     * @throws IllegalArgumentException saying what is wrong with a file that is not one
     */
    public static long durationMillis(byte[] file) {
        Stream stream = Stream.read(file);
        long samples = 0; // at 48 kHz, as the packets say
        int n = 0;
        for (byte[] packet : stream.packets().subList(2, stream.packets().size())) {
            samples += packetSamples(packet, n++);
            if (samples > MAX_SAMPLES * RATE_FACTOR + GRANULE_RATE) {
                throw new IllegalArgumentException("more audio than the " + MAX_SAMPLES / Wav.SAMPLE_RATE / 60 + " minutes a file may have");
            }
        }
        long end = stream.lastGranule();
        if (end < stream.preSkip() || end > samples) {
            throw new IllegalArgumentException("the last granule position " + end + " is outside the " + samples
                    + " samples the packets hold (pre-skip " + stream.preSkip() + ")");
        }
        return (end - stream.preSkip()) / (GRANULE_RATE / 1000);
    }

    /**
     * The 48 kHz samples an Opus packet decodes to (RFC 6716 3.1: the TOC byte's configuration
     * gives the frame size, its code the frame count), after checking the packet is well formed.
     */
    static int packetSamples(byte[] p, int index) {
        if (p.length == 0) {
            throw new IllegalArgumentException("Opus packet " + index + " is empty");
        }
        int config = Byte.toUnsignedInt(p[0]) >>> 3;
        int frame = frameSamples(config);
        int code = p[0] & 3;
        int frames;
        switch (code) {
            case 0 -> frames = 1;
            case 1 -> {
                if ((p.length - 1) % 2 != 0) {
                    throw new IllegalArgumentException("Opus packet " + index + ": two equal frames in an odd number of bytes");
                }
                frames = 2;
            }
            case 2 -> {
                int[] first = frameLength(p, 1, index);
                if (first[0] > p.length - first[1]) {
                    throw new IllegalArgumentException("Opus packet " + index + ": its first frame runs past its end");
                }
                frames = 2;
            }
            default -> frames = codeThreeFrames(p, frame, index);
        }
        return frames * frame;
    }

    private static int codeThreeFrames(byte[] p, int frame, int index) {
        if (p.length < 2) {
            throw new IllegalArgumentException("Opus packet " + index + ": no frame count");
        }
        int count = p[1] & 0x3f;
        boolean variable = (p[1] & 0x80) != 0;
        boolean padded = (p[1] & 0x40) != 0;
        if (count == 0 || count * frame > MAX_PACKET_SAMPLES * RATE_FACTOR) {
            throw new IllegalArgumentException("Opus packet " + index + ": " + count + " frames of " + frame / 48.0 + " ms");
        }
        int at = 2;
        int padding = 0;
        while (padded) {
            if (at >= p.length) {
                throw new IllegalArgumentException("Opus packet " + index + ": its padding length runs past its end");
            }
            int v = Byte.toUnsignedInt(p[at++]);
            padding += v == 255 ? 254 : v;
            padded = v == 255;
        }
        int left = p.length - at - padding;
        if (variable) {
            for (int i = 0; i < count - 1 && left >= 0; i++) {
                int[] length = frameLength(p, at, index);
                at += length[1];
                left -= length[0] + length[1];
            }
        } else if (left >= 0 && left % count != 0) {
            throw new IllegalArgumentException("Opus packet " + index + ": " + left + " bytes do not split into " + count + " equal frames");
        }
        if (left < 0) {
            throw new IllegalArgumentException("Opus packet " + index + ": its frames and padding run past its end");
        }
        return count;
    }

    /** A frame length (RFC 6716 3.2.1) at the offset: {length, bytes it took}. */
    private static int[] frameLength(byte[] p, int at, int index) {
        if (at >= p.length) {
            throw new IllegalArgumentException("Opus packet " + index + ": a frame length runs past its end");
        }
        int first = Byte.toUnsignedInt(p[at]);
        if (first < 252) {
            return new int[] {first, 1};
        }
        if (at + 1 >= p.length) {
            throw new IllegalArgumentException("Opus packet " + index + ": a frame length runs past its end");
        }
        return new int[] {Byte.toUnsignedInt(p[at + 1]) * 4 + first, 2};
    }

    /** The frame size, in 48 kHz samples, of a TOC configuration (RFC 6716 table 2). */
    private static int frameSamples(int config) {
        if (config < 12) {
            return new int[] {480, 960, 1920, 2880}[config % 4]; // SILK: 10, 20, 40, 60 ms
        }
        if (config < 16) {
            return config % 2 == 0 ? 480 : 960; // hybrid: 10, 20 ms
        }
        return new int[] {120, 240, 480, 960}[config % 4]; // CELT: 2.5, 5, 10, 20 ms
    }

    /** An Ogg Opus stream's packets (OpusHead and OpusTags first, both checked), its pre-skip and last granule position. */
    private record Stream(List<byte[]> packets, int preSkip, long lastGranule) {
        static Stream read(byte[] file) {
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
            return new Stream(packets, Short.toUnsignedInt(head.getShort(10)), lastGranule);
        }
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
