package org.homebound.telephony.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import org.homebound.telephony.api.SetupLatencies;

/** Counts durations into fixed buckets without locks or allocation (a call's set-up is recorded on the SIP thread). */
public final class LatencyHistogram {

    /** The set-up buckets every Homebound site reports (SetupLatencies.BOUNDS). */
    public static final double[] SETUP_BOUNDS = SetupLatencies.BOUNDS.stream().mapToDouble(Double::doubleValue).toArray();

    private final double[] bounds;
    private final AtomicLongArray counts; // per bucket, not cumulative; the last is above every bound
    private final DoubleAdder sum = new DoubleAdder();

    public LatencyHistogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new AtomicLongArray(bounds.length + 1);
    }

    public void record(long nanos) {
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < bounds.length && seconds > bounds[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sum.add(seconds);
    }

    public SetupLatencies snapshot() {
        List<Double> upper = new ArrayList<>(bounds.length + 1);
        List<Long> cumulative = new ArrayList<>(bounds.length + 1);
        long total = 0;
        for (int i = 0; i <= bounds.length; i++) {
            total += counts.get(i);
            upper.add(i < bounds.length ? bounds[i] : Double.POSITIVE_INFINITY);
            cumulative.add(total);
        }
        return new SetupLatencies(List.copyOf(upper), List.copyOf(cumulative), sum.sum());
    }
}
