package org.homebound.voicemail.codec;

import java.time.Duration;

/**
 * Background work paced to a share of one core: after each piece of work, a pause in proportion
 * to the time it took (at 50 %, as long again). The pauses are short and frequent, so calls being
 * set up meanwhile find a core free at any moment, not only between long bursts.
 */
final class CpuShare {

    private final int percent;

    CpuShare(int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("homebound.compression.cpu-percent must be 1 to 100, not " + percent);
        }
        this.percent = percent;
    }

    /** The pause that keeps work that took {@code busy} within the share. */
    Duration pauseAfter(Duration busy) {
        if (busy.isNegative()) {
            return Duration.ZERO;
        }
        return busy.multipliedBy(100 - percent).dividedBy(percent);
    }

    @Override
    public String toString() {
        return percent + " % of one core";
    }
}
