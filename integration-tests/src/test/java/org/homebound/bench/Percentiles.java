package org.homebound.bench;

import java.util.Arrays;

/** Percentiles of measured durations (nanoseconds), reported in milliseconds. */
final class Percentiles {

    private Percentiles() {
    }

    /** The nearest-rank percentile; p = 100 is the maximum. */
    static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
