package org.homebound.voicemail.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One source failing on many mailboxes is slowed; one subscriber mistyping their own PIN is not. */
class SourceThrottleTest {

    private static final Instant T0 = Instant.parse("2026-12-06T03:00:00Z");
    private final SourceThrottle throttle = new SourceThrottle(3, Duration.ofMinutes(15), Duration.ofSeconds(2), Duration.ofMinutes(5));

    @Test
    void manyWrongPinsForOneMailboxDoNotSlowTheSource() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("10.0.0.9", "2001", T0.plusSeconds(i));
        }
        assertNull(throttle.notBefore("10.0.0.9", T0.plusSeconds(20)), "the mailbox's own count deals with that");
    }

    @Test
    void walkingThroughMailboxesSlowsTheSourceMoreWithEachOne() {
        for (int i = 1; i <= 3; i++) {
            throttle.failed("10.0.0.9", "200" + i, T0);
        }
        assertNull(throttle.notBefore("10.0.0.9", T0));
        throttle.failed("10.0.0.9", "2004", T0);
        assertEquals(T0.plusSeconds(2), throttle.notBefore("10.0.0.9", T0));
        throttle.failed("10.0.0.9", "2005", T0.plusSeconds(2));
        assertEquals(T0.plusSeconds(6), throttle.notBefore("10.0.0.9", T0.plusSeconds(2)));
        assertNull(throttle.notBefore("10.0.0.8", T0.plusSeconds(2)), "another source is not slowed");
        assertEquals(1, throttle.slowed(T0.plusSeconds(2)).size());
    }

    @Test
    void theWindowForgetsOldFailuresAndAnAdministratorCanForgetAtOnce() {
        for (int i = 1; i <= 5; i++) {
            throttle.failed("10.0.0.9", "200" + i, T0);
        }
        assertNotNull(throttle.notBefore("10.0.0.9", T0.plusSeconds(1)));
        assertNull(throttle.notBefore("10.0.0.9", T0.plus(Duration.ofMinutes(16))), "outside the window");
        throttle.failed("10.0.0.7", "2001", T0);
        throttle.failed("10.0.0.7", "2002", T0);
        throttle.failed("10.0.0.7", "2003", T0);
        throttle.failed("10.0.0.7", "2004", T0);
        assertTrue(throttle.forget("10.0.0.7"));
        assertNull(throttle.notBefore("10.0.0.7", T0));
    }

    @Test
    void memoryStaysBoundedUnderAFloodOfSources() {
        for (int i = 1; i <= 5; i++) {
            throttle.failed("attacker", "200" + i, T0.plusSeconds(30));
        }
        for (int i = 0; i < 3 * SourceThrottle.MAX_SOURCES; i++) {
            throttle.failed("src-" + i, "2001", T0.plusMillis(i));
            assertTrue(throttle.size() <= SourceThrottle.MAX_SOURCES);
        }
        assertNotNull(throttle.notBefore("attacker", T0.plusSeconds(31)), "the most recent failures are kept, the oldest dropped");
    }
}
