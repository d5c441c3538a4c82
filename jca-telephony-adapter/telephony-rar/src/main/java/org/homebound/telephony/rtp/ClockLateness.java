package org.homebound.telephony.rtp;

import java.util.Locale;

/**
 * Watches a media loop's 20 ms clock for ticks that fire far too late. A late tick is time the
 * loop's calls lose: a prompt that was due goes on from where it stood (RtpSession does not send a
 * burst), so on a machine that cannot give the media threads their turn a greeting plays slower
 * and the caller's message starts later. That is the first thing an operator of an overloaded site
 * needs to see, so the loop reports it - at most once per window, with the count and the worst.
 * Used by one loop thread only.
 */
final class ClockLateness {

    /** A tick later than this counts: beyond it a prompt stops catching up (RtpSession). */
    static final long LATE_NANOS = RtpSession.PLAYOUT_RESYNC_NANOS;
    /** How often at most a loop reports. */
    static final long WINDOW_NANOS = 10_000_000_000L;

    private long windowStart;
    private boolean started;
    private int late;
    private long worst;
    private long lost;

    /**
     * A tick fired at {@code now} that was due at {@code due}.
     *
     * @return the report of the window that ends with this tick, or null (nothing late, or the window goes on)
     */
    String tick(long now, long due, int calls) {
        if (!started) {
            started = true;
            windowStart = now;
        }
        long lateness = now - due;
        if (lateness > LATE_NANOS) {
            late++;
            worst = Math.max(worst, lateness);
            lost += lateness;
        }
        if (now - windowStart < WINDOW_NANOS) {
            return null;
        }
        String report = late == 0 ? null : String.format(Locale.ROOT,
                "its 20 ms clock fired %d times more than %d ms late in the last %d s (worst %d ms, %d ms in all; %d calls): "
                        + "prompts play that much slower and messages start later - the machine is overloaded",
                late, LATE_NANOS / 1_000_000, (now - windowStart) / 1_000_000_000, worst / 1_000_000, lost / 1_000_000, calls);
        windowStart = now;
        late = 0;
        worst = 0;
        lost = 0;
        return report;
    }
}
