package org.homebound.voicemail.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuShareTest {

    @Test
    void thePauseKeepsTheWorkToItsShareOfOneCore() {
        Duration busy = Duration.ofMillis(240);
        assertEquals(Duration.ofMillis(240), new CpuShare(50).pauseAfter(busy), "half a core: as long again");
        assertEquals(Duration.ofMillis(720), new CpuShare(25).pauseAfter(busy));
        assertEquals(Duration.ZERO, new CpuShare(100).pauseAfter(busy), "100 %: flat out");
        for (int percent : new int[] {1, 10, 33, 50, 90}) {
            Duration pause = new CpuShare(percent).pauseAfter(busy);
            double share = 100.0 * busy.toNanos() / (busy.toNanos() + pause.toNanos());
            assertEquals(percent, share, 0.01, percent + " %");
        }
    }

    @Test
    void aClockThatWentBackwardsIsNoReasonToPause() {
        assertEquals(Duration.ZERO, new CpuShare(50).pauseAfter(Duration.ofMillis(-5)));
    }

    @Test
    void aShareOutsideOneToAHundredIsAConfigurationErrorNamingTheSetting() {
        for (int percent : new int[] {0, -1, 101}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CpuShare(percent));
            assertTrue(e.getMessage().contains("homebound.compression.cpu-percent"), e.getMessage());
        }
    }
}
