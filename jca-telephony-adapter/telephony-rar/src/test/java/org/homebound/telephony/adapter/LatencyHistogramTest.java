package org.homebound.telephony.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.homebound.telephony.api.SetupLatencies;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void countsAreCumulativePerBoundWithTheirSumAsPrometheusKeepsThem() {
        LatencyHistogram h = new LatencyHistogram(LatencyHistogram.SETUP_BOUNDS);
        h.record(500_000);        // 0.5 ms: within 1 ms
        h.record(1_000_000);      // exactly 1 ms: within 1 ms (bounds are inclusive)
        h.record(7_000_000);      // 7 ms: within 10 ms
        h.record(9_000_000_000L); // 9 s: above every bound
        SetupLatencies s = h.snapshot();
        assertEquals(SetupLatencies.BOUNDS.size() + 1, s.upperBoundsSeconds().size());
        assertEquals(Double.POSITIVE_INFINITY, s.upperBoundsSeconds().get(SetupLatencies.BOUNDS.size()));
        assertEquals(List.of(2L, 2L, 2L, 3L, 3L, 3L, 3L, 3L, 3L, 3L, 3L, 3L, 4L), s.cumulativeCounts());
        assertEquals(4, s.count());
        assertEquals(9.0085, s.sumSeconds(), 1e-9);
        assertEquals(3, s.within(3), "within 10 ms");
        assertEquals(4, s.within(SetupLatencies.BOUNDS.size()), "all");
        assertEquals(0, SetupLatencies.NONE.within(0));
        assertEquals(0, SetupLatencies.NONE.within(SetupLatencies.BOUNDS.size()));
    }
}
