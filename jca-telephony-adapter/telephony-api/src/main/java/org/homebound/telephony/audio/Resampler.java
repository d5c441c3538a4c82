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
        for (int o = 0; o < n; o++) {
            double centre = o * step;
            int first = Math.max(0, (int) Math.ceil(centre - reach));
            int last = Math.min(in.length - 1, (int) Math.floor(centre + reach));
            double sum = 0;
            for (int i = first; i <= last; i++) {
                double x = (i - centre) * scale;
                double window = 0.5 + 0.5 * Math.cos(Math.PI * (i - centre) / (reach + 1)); // Hann
                sum += in[i] * scale * sinc(x) * window;
            }
            out[o] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum)));
        }
        return out;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }
}
