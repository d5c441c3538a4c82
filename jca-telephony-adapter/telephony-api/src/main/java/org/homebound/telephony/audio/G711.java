package org.homebound.telephony.audio;

/**
 * ITU-T G.711 companding between 16-bit linear PCM and 8-bit µ-law / A-law codes.
 * Pure functions; the encoders saturate instead of wrapping.
 */
public final class G711 {

    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32635;

    private G711() {
    }

    public static byte linearToUlaw(short pcm) {
        int sample = pcm;
        int sign = 0;
        if (sample < 0) {
            sign = 0x80;
            sample = -sample;
        }
        sample = Math.min(sample, ULAW_CLIP) + ULAW_BIAS;
        // Segment = position of the highest set bit above bit 7 (the bias guarantees bit 7 is set).
        int exponent = Math.max(0, 31 - Integer.numberOfLeadingZeros(sample) - 7);
        int mantissa = (sample >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short ulawToLinear(byte code) {
        int u = ~code & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int magnitude = ((((u & 0x0F) << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
        return (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
    }

    public static byte linearToAlaw(short pcm) {
        int value = pcm >> 3; // A-law works on 13 bits
        int mask;
        if (value >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            value = -value - 1;
        }
        int segment = Math.max(0, 27 - Integer.numberOfLeadingZeros(value)); // bit length - 5
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int shift = segment < 2 ? 1 : segment;
        int code = (segment << 4) | ((value >> shift) & 0x0F);
        return (byte) (code ^ mask);
    }

    public static short alawToLinear(byte code) {
        int a = (code & 0xFF) ^ 0x55;
        int segment = (a & 0x70) >> 4;
        int magnitude = ((a & 0x0F) << 4) + 8;
        if (segment > 0) {
            magnitude = (magnitude + 0x100) << (segment - 1);
        }
        return (short) ((a & 0x80) != 0 ? magnitude : -magnitude);
    }
}
