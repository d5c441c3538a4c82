package org.homebound.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClockLatenessTest {

    private static final long MS = 1_000_000L;

    @Test
    void ticksOnTimeOrSlightlyLateAreNeverReported() {
        ClockLateness clock = new ClockLateness();
        long due = 0;
        for (int i = 0; i < 2_000; i++) { // 40 s of ticks, each up to the catch-up limit late
            assertNull(clock.tick(due + (i % 2 == 0 ? 0 : ClockLateness.LATE_NANOS), due, 300));
            due += MediaEngine.TICK_NANOS;
        }
    }

    @Test
    void lateTicksAreReportedOncePerWindowWithCountAndWorst() {
        ClockLateness clock = new ClockLateness();
        assertNull(clock.tick(0, 0, 10));
        assertNull(clock.tick(1_000 * MS, 1_000 * MS - 80 * MS, 10)); // 80 ms late
        assertNull(clock.tick(2_000 * MS, 2_000 * MS - 450 * MS, 10)); // 450 ms late
        assertNull(clock.tick(3_000 * MS, 3_000 * MS - 20 * MS, 10)); // one tick: on time
        String report = clock.tick(ClockLateness.WINDOW_NANOS, ClockLateness.WINDOW_NANOS, 12);
        assertNotNull(report, "a window with late ticks ends in a report");
        assertTrue(report.contains("fired 2 times more than 60 ms late in the last 10 s"), report);
        assertTrue(report.contains("worst 450 ms, 530 ms in all; 12 calls"), report);
        assertTrue(report.contains("overloaded"), report);

        // The next window starts empty: on-time ticks bring no second report.
        long t = ClockLateness.WINDOW_NANOS;
        for (int i = 0; i < 600; i++) {
            t += MediaEngine.TICK_NANOS;
            assertNull(clock.tick(t, t, 12));
        }
        assertEquals(null, clock.tick(2 * ClockLateness.WINDOW_NANOS + MS, 2 * ClockLateness.WINDOW_NANOS + MS, 12));
    }
}
