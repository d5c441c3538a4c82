package org.homebound.voicemail.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The PIN-guessing policy: free tries, doubling waits, the lock, and how a lock ends. */
class PinPolicyTest {

    private static final Instant T0 = Instant.parse("2026-12-06T03:00:00Z");
    private final PinPolicy policy = new PinPolicy(3, 10, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(30));

    @Test
    void theFirstWrongPinsCostNothingThenEachDoublesTheWait() {
        assertEquals(Duration.ZERO, policy.waitAfter(3));
        assertEquals(Duration.ofSeconds(1), policy.waitAfter(4));
        assertEquals(Duration.ofSeconds(2), policy.waitAfter(5));
        assertEquals(Duration.ofSeconds(32), policy.waitAfter(9));
        assertEquals(Duration.ofSeconds(60), new PinPolicy(3, 40, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO).waitAfter(39),
                "never longer than the longest wait, however many");
    }

    @Test
    void aTryTooSoonAfterAWrongPinMustWaitOneLaterMayTry() {
        PinPolicy.Standing tooSoon = policy.standing(5, T0, null, T0.plusMillis(1999));
        assertEquals(PinPolicy.State.WAIT, tooSoon.state());
        assertEquals(T0.plusSeconds(2), tooSoon.until());
        assertEquals(PinPolicy.State.OPEN, policy.standing(5, T0, null, T0.plusSeconds(2)).state());
        assertEquals(PinPolicy.State.OPEN, policy.standing(3, T0, null, T0).state(), "three wrong in a row: no wait yet");
    }

    @Test
    void theTenthWrongPinLocksUntilTheLockoutRunsOut() {
        Instant until = policy.lockEnds(T0);
        assertEquals(T0.plus(Duration.ofMinutes(30)), until);
        PinPolicy.Standing locked = policy.standing(10, T0, until, T0.plus(Duration.ofMinutes(29)));
        assertEquals(PinPolicy.State.LOCKED, locked.state());
        assertEquals(until, locked.until());
        assertEquals(PinPolicy.State.OPEN, policy.standing(10, T0, until, until).state(), "the lock ran out");
    }

    @Test
    void aLockWithoutAnEndWaitsForAnAdministrator() {
        PinPolicy forever = new PinPolicy(3, 10, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO);
        assertNull(forever.lockEnds(T0));
        PinPolicy.Standing s = forever.standing(10, T0, null, T0.plus(Duration.ofDays(365)));
        assertEquals(PinPolicy.State.LOCKED, s.state());
        assertNull(s.until());
    }

    @Test
    void aPolicyThatWouldNeverLockOrLocksBeforeItsFreeTriesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PinPolicy(10, 10, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new PinPolicy(3, 10, Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO));
    }
}
