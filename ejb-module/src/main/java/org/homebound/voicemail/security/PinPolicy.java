package org.homebound.voicemail.security;

import java.time.Duration;
import java.time.Instant;

/**
 * How Homebound stops PIN guessing, for the web page, the REST API and the phone alike: a mailbox's
 * first few wrong PINs in a row cost nothing, each one after that makes the next try wait twice as
 * long, and the last one locks the mailbox (every PIN refused, the right one too) until an
 * administrator unlocks it or the lockout runs out. The count survives calls, sessions and restarts;
 * only a right PIN or an administrator resets it.
 *
 * @param freeFailures wrong PINs in a row that need no waiting afterwards
 * @param lockAfter    the wrong PIN in a row that locks the mailbox
 * @param firstWait    the wait after the first failure past the free ones; doubled by each further failure
 * @param maxWait      the longest wait between tries
 * @param lockout      how long a lock lasts; zero: until an administrator unlocks it
 */
public record PinPolicy(int freeFailures, int lockAfter, Duration firstWait, Duration maxWait, Duration lockout) {

    public PinPolicy {
        if (freeFailures < 0 || lockAfter < 1 || freeFailures >= lockAfter) {
            throw new IllegalArgumentException("PIN policy: free failures (" + freeFailures + ") must be fewer than the failures that lock ("
                    + lockAfter + ")");
        }
        if (firstWait.isNegative() || maxWait.compareTo(firstWait) < 0 || lockout.isNegative()) {
            throw new IllegalArgumentException("PIN policy: waits and lockout must be positive, the longest wait at least the first");
        }
    }

    /** Where a mailbox stands after its wrong PINs in a row, the last at lastFailure; lockedUntil as stored (null: not locked). */
    public Standing standing(int failures, Instant lastFailure, Instant lockedUntil, Instant now) {
        if (lockedUntil != null && now.isBefore(lockedUntil)) {
            return new Standing(State.LOCKED, lockedUntil);
        }
        if (failures >= lockAfter && lockedUntil == null) {
            return new Standing(State.LOCKED, null); // locked until an administrator unlocks it
        }
        if (failures >= lockAfter) {
            return new Standing(State.OPEN, null); // the lock ran out: a fresh start
        }
        Duration wait = waitAfter(failures);
        if (!wait.isZero() && lastFailure != null && now.isBefore(lastFailure.plus(wait))) {
            return new Standing(State.WAIT, lastFailure.plus(wait));
        }
        return new Standing(State.OPEN, null);
    }

    /** How long to wait before the next try after this many wrong PINs in a row. */
    public Duration waitAfter(int failures) {
        if (failures <= freeFailures) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - freeFailures - 1, 30);
        Duration wait = firstWait.multipliedBy(1L << doublings);
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }

    /** When a lock that begins now ends; null when only an administrator ends it. */
    public Instant lockEnds(Instant now) {
        return lockout.isZero() ? null : now.plus(lockout);
    }

    public enum State {
        /** A PIN may be tried now. */
        OPEN,
        /** Too soon after the last wrong PIN: the try is refused unchecked until {@code until}. */
        WAIT,
        /** Every PIN is refused until {@code until} (null: until unlocked). */
        LOCKED
    }

    public record Standing(State state, Instant until) {
    }
}
