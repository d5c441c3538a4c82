package org.homebound.voicemail.application;

import java.time.Instant;

/**
 * How a login went. {@code until} is when a wait or a lock ends (null for a lock only an
 * administrator ends); {@code username} and {@code role} only for an accepted one.
 */
public record LoginResult(Outcome outcome, String username, String role, Instant until) {

    public enum Outcome {
        ACCEPTED,
        /** Wrong name or PIN, or a disabled mailbox: the same answer for all three. */
        REFUSED,
        /** Too many wrong PINs too fast (this mailbox's, or this source's): not checked, try again later. */
        WAIT,
        /** Too many wrong PINs: every PIN refused, the right one too, until unlocked or {@code until}. */
        LOCKED
    }

    static LoginResult accepted(String username, String role) {
        return new LoginResult(Outcome.ACCEPTED, username, role, null);
    }

    static LoginResult refused() {
        return new LoginResult(Outcome.REFUSED, null, null, null);
    }

    static LoginResult waitUntil(Instant until) {
        return new LoginResult(Outcome.WAIT, null, null, until);
    }

    static LoginResult locked(Instant until) {
        return new LoginResult(Outcome.LOCKED, null, null, until);
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }
}
