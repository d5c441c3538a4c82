package org.homebound.telephony.audio;

/**
 * Converts mono audio from one rate to another: a windowed-sinc low-pass just below the lower
 * rate's Nyquist frequency, evaluated at each output instant (band-limited interpolation), so a
 * 44.1 or 48 kHz recording does not fold its high frequencies into the speech band, and 8 kHz
 * speech raised to 16 kHz (for an MP3 encoder) gains no mirror images above 4 kHz.
 */
public final class Resampler {

    /** Taps on each side of an output instant, in input samples at the lower of the two rates. */
    private static final int HALF_WIDTH = 16;
    /** Where the pass band ends, as a fraction of the output's Nyquist frequency (4 kHz): 3.6 kHz. */
    private static final double CUTOFF = 0.9;

    private Resampler() {
    }

    static short[] toSpeech(short[] in, int rate) {
        return resample(in, rate, Wav.SAMPLE_RATE);
    }

    public static short[] resample(short[] in, int rate, int outRate) {
        if (rate == outRate) {
            return in;
        }
        double step = (double) rate / outRate; // input samples per output sample
        double scale = Math.min(1.0, 1.0 / step) * CUTOFF; // filter cutoff relative to the input's Nyquist
        int reach = (int) Math.ceil(HALF_WIDTH / scale);
        int n = (int) (in.length / step);
        short[] out = new short[n];
        // An output instant lies between input samples at one of a few fractions (outRate / gcd of them): the
        // filter's weights are worked out once per fraction, not per sample (sin and cos per tap are the cost).
        java.util.Map<Long, double[]> weightsByPhase = new java.util.HashMap<>();
        for (int o = 0; o < n; o++) {
            long position = (long) o * rate; // the output instant, in input samples times outRate
            int base = (int) (position / outRate);
            long phase = position % outRate;
            double frac = (double) phase / outRate;
            int from = (int) Math.ceil(frac - reach);
            double[] weights = weightsByPhase.computeIfAbsent(phase, p -> weights(frac, from, reach, scale));
            double sum = 0;
            for (int k = 0; k < weights.length; k++) {
                int i = base + from + k;
                if (i >= 0 && i < in.length) {
                    sum += in[i] * weights[k];
                }
            }
            out[o] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum)));
        }
        return out;
    }

    /** The windowed-sinc weights of the input samples from {@code from} on (relative to the one before the instant). */
    private static double[] weights(double frac, int from, int reach, double scale) {
        int to = (int) Math.floor(frac + reach);
        double[] w = new double[to - from + 1];
        for (int k = from; k <= to; k++) {
            double d = k - frac;
            double window = 0.5 + 0.5 * Math.cos(Math.PI * d / (reach + 1)); // Hann
            w[k - from] = scale * sinc(d * scale) * window;
        }
        return w;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }
}
