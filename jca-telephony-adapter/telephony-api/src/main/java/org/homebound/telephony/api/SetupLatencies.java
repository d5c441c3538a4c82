package org.homebound.telephony.api;

import java.util.List;

/**
 * How long answered calls took from the INVITE's arrival to the 200 OK leaving, since the adapter
 * started: a histogram of cumulative counts per upper bound (the last bound is +Inf), as
 * Prometheus keeps one.
 *
 * @param upperBoundsSeconds bucket upper bounds in seconds, ascending, ending with +Inf
 * @param cumulativeCounts   calls answered within each bound
 * @param sumSeconds         all set-up times added
 */
public record SetupLatencies(List<Double> upperBoundsSeconds, List<Long> cumulativeCounts, double sumSeconds) {

    /** The bucket bounds (seconds, +Inf left out): 1 ms to 5 s, the range in which set-up times mean something. */
    public static final List<Double> BOUNDS = List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0);

    public static final SetupLatencies NONE = new SetupLatencies(List.of(Double.POSITIVE_INFINITY), List.of(0L), 0);

    /** Calls answered within the i-th bound of {@link #BOUNDS} (i = BOUNDS.size(): all); 0 when this has other buckets. */
    public long within(int i) {
        return cumulativeCounts.size() == BOUNDS.size() + 1 ? cumulativeCounts.get(i) : i == BOUNDS.size() ? count() : 0;
    }

    public long count() {
        return cumulativeCounts.get(cumulativeCounts.size() - 1);
    }
}
