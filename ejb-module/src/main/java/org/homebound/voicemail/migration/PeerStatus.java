package org.homebound.voicemail.migration;

import java.time.Instant;

/**
 * What this site knows about one peer: UP, DOWN or UNKNOWN since when, when it last answered,
 * and why it is not UP. {@code alarm} marks a condition an operator must fix (a bridge that
 * stopped for good, a peer answering with another site's identity), not a plain outage.
 */
public record PeerStatus(String siteId, State state, Instant since, Instant lastSeen, String detail, boolean alarm, int failedProbes) {

    public enum State { UP, DOWN, UNKNOWN }

    /** The outcome of one probe: the peer answered as itself and our bridge to it runs, or why not. */
    public record Probe(boolean answered, boolean bridgeRunning, String problem, boolean alarm) {

        public static Probe ok() {
            return new Probe(true, true, null, false);
        }

        public static Probe noAnswer(String why) {
            return new Probe(false, true, why, false);
        }

        /** The peer answered but our bridge to it is not connected (yet): not UP, not an alarm on its own. */
        public static Probe bridgeNotConnected(String why) {
            return new Probe(true, false, why, false);
        }

        /** The peer answered but cannot take messages from us: needs an operator. */
        public static Probe broken(String why) {
            return new Probe(true, false, why, true);
        }

        boolean healthy() {
            return answered && bridgeRunning;
        }
    }

    public static PeerStatus unknown(String siteId, Instant now) {
        return new PeerStatus(siteId, State.UNKNOWN, now, null, "not probed yet", false, 0);
    }

    /**
     * The status after a probe. One good probe makes a peer UP; it goes DOWN after
     * {@code failuresForDown} failed probes in a row (at once from UNKNOWN, and at once for an alarm).
     */
    public PeerStatus after(Probe probe, Instant now, int failuresForDown) {
        if (probe.healthy()) {
            return new PeerStatus(siteId, State.UP, state == State.UP ? since : now, now, null, false, 0);
        }
        Instant seen = probe.answered() ? now : lastSeen;
        int failed = failedProbes + 1;
        boolean down = probe.alarm() || state != State.UP || failed >= failuresForDown;
        if (!down) {
            return new PeerStatus(siteId, State.UP, since, seen, probe.problem(), false, failed);
        }
        return new PeerStatus(siteId, State.DOWN, state == State.DOWN ? since : now, seen, probe.problem(), probe.alarm(), failed);
    }
}
