package org.homebound.telephony.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** RIFF/WAVE files of 16-bit linear PCM: 8 kHz mono is what Homebound writes; uploads may be any rate from 8 to 48 kHz. */
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
        Pcm pcm = read(file);
        if (pcm.rate() != SAMPLE_RATE || pcm.channels() != 1) {
            throw new IllegalArgumentException("WAV must be 16-bit PCM, 8000 Hz, mono (found format 1, " + pcm.channels()
                    + " channel(s), " + pcm.rate() + " Hz, 16 bits)");
        }
        return pcm.samples();
    }

    /**
     * Reads a 16-bit PCM WAV file of one or two channels at 8 to 48 kHz (what a person records on
     * a computer) as 8 kHz mono speech: channels mixed, then resampled.
     */
    public static short[] decodeAsSpeech(byte[] file) {
        Pcm pcm = read(file);
        if (pcm.rate() < SAMPLE_RATE || pcm.rate() > 48_000) {
            throw new IllegalArgumentException("WAV sample rate must be 8000 to 48000 Hz (found " + pcm.rate() + " Hz)");
        }
        return Resampler.toSpeech(pcm.mono(), pcm.rate());
    }

    /** 16-bit samples, channels interleaved. */
    record Pcm(int rate, int channels, short[] samples) {
        short[] mono() {
            if (channels == 1) {
                return samples;
            }
            short[] mixed = new short[samples.length / channels];
            for (int i = 0; i < mixed.length; i++) {
                int sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += samples[i * channels + c];
                }
                mixed[i] = (short) (sum / channels);
            }
            return mixed;
        }
    }

    /** Reads a 16-bit PCM WAV file of one or two channels; anything else is refused saying what it is. */
    static Pcm read(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        int pos = 12;
        int channels = 0;
        int rate = 0;
        while (pos + 8 <= file.length) {
            int id = b.getInt(pos);
            long size = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                if (size < 16 || body + 16 > file.length) {
                    throw new IllegalArgumentException("truncated fmt chunk");
                }
                int format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                int bits = b.getShort(body + 14);
                if (format != 1 || channels < 1 || channels > 2 || rate <= 0 || bits != 16) {
                    throw new IllegalArgumentException("WAV must be 16-bit PCM, mono or stereo (found format "
                            + format + ", " + channels + " channel(s), " + rate + " Hz, " + bits + " bits)");
                }
            } else if (id == 0x61746164) { // "data"
                if (channels == 0) {
                    throw new IllegalArgumentException("data chunk before fmt chunk");
                }
                int n = (int) Math.min(size, file.length - body) / 2 / channels * channels;
                short[] pcm = new short[n];
                for (int i = 0; i < n; i++) {
                    pcm[i] = b.getShort(body + 2 * i);
                }
                return new Pcm(rate, channels, pcm);
            }
            pos = body + (int) Math.min(Integer.MAX_VALUE - body, size + (size & 1));
        }
        throw new IllegalArgumentException("no data chunk");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
