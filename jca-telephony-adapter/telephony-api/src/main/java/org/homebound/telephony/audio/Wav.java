package org.homebound.telephony.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** RIFF/WAVE files of 16-bit linear PCM, 8 kHz mono: what players and sox read without codecs. */
public final class Wav {

    public static final int SAMPLE_RATE = 8000;
    private static final int HEADER = 44;

    private Wav() {
    }

    public static byte[] encode(short[] pcm) {
        int dataBytes = pcm.length * 2;
        ByteBuffer b = ByteBuffer.allocate(HEADER + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(36 + dataBytes).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
        b.put(ascii("data")).putInt(dataBytes);
        for (short s : pcm) {
            b.putShort(s);
        }
        return b.array();
    }

    /**
     * Reads the samples of a 16-bit PCM, 8 kHz, mono WAV file; other formats are refused with a
     * message that says what was found.
     */
    public static short[] decode(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        int pos = 12;
        boolean formatOk = false;
        while (pos + 8 <= file.length) {
            int id = b.getInt(pos);
            long size = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                if (size < 16 || body + 16 > file.length) {
                    throw new IllegalArgumentException("truncated fmt chunk");
                }
                int format = b.getShort(body) & 0xFFFF;
                int channels = b.getShort(body + 2);
                int rate = b.getInt(body + 4);
                int bits = b.getShort(body + 14);
                if (format != 1 || channels != 1 || rate != SAMPLE_RATE || bits != 16) {
                    throw new IllegalArgumentException("WAV must be 16-bit PCM, 8000 Hz, mono (found format "
                            + format + ", " + channels + " channel(s), " + rate + " Hz, " + bits + " bits)");
                }
                formatOk = true;
            } else if (id == 0x61746164) { // "data"
                if (!formatOk) {
                    throw new IllegalArgumentException("data chunk before fmt chunk");
                }
                int n = (int) Math.min(size, file.length - body) / 2;
                short[] pcm = new short[n];
                for (int i = 0; i < n; i++) {
                    pcm[i] = b.getShort(body + 2 * i);
                }
                return pcm;
            }
            pos = body + (int) Math.min(Integer.MAX_VALUE - body, size + (size & 1));
        }
        throw new IllegalArgumentException("no data chunk");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
