package org.homebound.voicemail.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CipherWarmUpTest {

    private static final long ROUND = 64L * CipherWarmUp.RECORD;

    @Test
    void stopsAtItsByteLimitWhenNoRoundIsFastEnough() throws Exception {
        CipherWarmUp.Result r = CipherWarmUp.run(3 * ROUND, Double.MAX_VALUE);
        assertEquals(3 * ROUND, r.bytes(), "three rounds of 64 records");
        assertFalse(r.fast());
        assertTrue(r.lastRoundMiBPerSecond() > 0, "each round is timed");
    }

    @Test
    void stopsAtTheFirstRoundThatRunsFastEnough() throws Exception {
        CipherWarmUp.Result r = CipherWarmUp.run(100 * ROUND, 0.001);
        assertEquals(ROUND, r.bytes(), "any speed is fast enough: one round");
        assertTrue(r.fast());
    }
}
