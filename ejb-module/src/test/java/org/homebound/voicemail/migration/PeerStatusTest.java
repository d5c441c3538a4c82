package org.homebound.voicemail.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.homebound.voicemail.migration.PeerStatus.Probe;
import org.homebound.voicemail.migration.PeerStatus.State;
import org.junit.jupiter.api.Test;

class PeerStatusTest {

    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    @Test
    void unknownPeerIsUpAfterOneGoodProbeAndDownAfterOneBad() {
        PeerStatus s = PeerStatus.unknown("b", T0);
        assertEquals(State.UP, s.after(Probe.ok(), T0.plusSeconds(1), 2).state());
        assertEquals(State.DOWN, s.after(Probe.noAnswer("refused"), T0.plusSeconds(1), 2).state());
    }

    @Test
    void upPeerGoesDownOnlyAfterEnoughFailedProbesInARow() {
        PeerStatus up = PeerStatus.unknown("b", T0).after(Probe.ok(), T0, 3);
        PeerStatus once = up.after(Probe.noAnswer("timeout"), T0.plusSeconds(2), 3);
        assertEquals(State.UP, once.state());
        assertEquals(T0, once.since(), "still UP since the first good probe");
        PeerStatus twice = once.after(Probe.noAnswer("timeout"), T0.plusSeconds(4), 3);
        assertEquals(State.UP, twice.state());
        PeerStatus thrice = twice.after(Probe.noAnswer("timeout"), T0.plusSeconds(6), 3);
        assertEquals(State.DOWN, thrice.state());
        assertEquals(T0.plusSeconds(6), thrice.since());
        assertEquals(T0, thrice.lastSeen(), "last seen when it last answered");
        assertEquals("timeout", thrice.detail());
        PeerStatus back = thrice.after(Probe.ok(), T0.plusSeconds(8), 3);
        assertEquals(State.UP, back.state());
        assertEquals(T0.plusSeconds(8), back.since());
        assertNull(back.detail());
        assertEquals(0, back.failedProbes());
    }

    @Test
    void aStoppedBridgeIsAnAlarmAndDownAtOnce() {
        PeerStatus up = PeerStatus.unknown("b", T0).after(Probe.ok(), T0, 5);
        PeerStatus broken = up.after(Probe.broken("the core bridge to site b has stopped"), T0.plusSeconds(2), 5);
        assertEquals(State.DOWN, broken.state());
        assertTrue(broken.alarm());
        assertEquals(T0.plusSeconds(2), broken.lastSeen(), "the peer itself answered");
    }
}
