package org.homebound.voicemail.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a forwarding batch is cut: oldest first, by the bytes of audio it carries. */
class BatchBoundsTest {

    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();
    private static final UUID C = UUID.randomUUID();

    @Test
    void takesMessagesInOrderWhileTheirAudioFits() {
        List<Object[]> rows = List.of(new Object[] {A, 300L}, new Object[] {B, 300L}, new Object[] {C, 300L});
        assertEquals(List.of(A, B), JpaVoiceMessageRepository.withinBytes(rows, 600));
        assertEquals(List.of(A, B), JpaVoiceMessageRepository.withinBytes(rows, 899));
        assertEquals(List.of(A, B, C), JpaVoiceMessageRepository.withinBytes(rows, 900));
    }

    @Test
    void theOldestGoesEvenIfItAloneIsLargerThanTheBound() {
        List<Object[]> rows = List.of(new Object[] {A, 14_400_000L}, new Object[] {B, 8L});
        assertEquals(List.of(A), JpaVoiceMessageRepository.withinBytes(rows, 8_388_608), "a 30-minute message goes alone");
    }

    @Test
    void aLaterSmallMessageDoesNotJumpTheQueue() {
        List<Object[]> rows = List.of(new Object[] {A, 100L}, new Object[] {B, 1000L}, new Object[] {C, 1L});
        assertEquals(List.of(A), JpaVoiceMessageRepository.withinBytes(rows, 500), "C is not sent before B");
    }

    @Test
    void nothingHeldIsAnEmptyBatch() {
        assertEquals(List.of(), JpaVoiceMessageRepository.withinBytes(List.of(), 500));
    }
}
