package org.homebound.voicemail.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DialPlanTest {

    private final DialPlan berlin = DialPlan.parse("+4930555, 030555, 81", "4", "2000-2999, 4100-4199");

    @Test
    void plainExtensionsInRange() {
        assertEquals(Optional.of("2001"), berlin.extensionOf("2001"));
        assertEquals(Optional.of("4150"), berlin.extensionOf("4150"));
        assertEquals(Optional.empty(), berlin.extensionOf("3001"), "outside every range");
        assertEquals(Optional.empty(), berlin.extensionOf("200"), "too short");
    }

    @Test
    void e164NationalAndInternationalFormsMapToTheExtension() {
        assertEquals(Optional.of("2001"), berlin.extensionOf("+49305552001"));
        assertEquals(Optional.of("2001"), berlin.extensionOf("0049305552001"));
        assertEquals(Optional.of("2001"), berlin.extensionOf("030555 2001"));
        assertEquals(Optional.of("2001"), berlin.extensionOf("+49 (30) 555-2001"));
    }

    @Test
    void sitePrefixIsStripped() {
        assertEquals(Optional.of("2001"), berlin.extensionOf("812001"));
    }

    @Test
    void nonNumbersAreNotExtensions() {
        assertEquals(Optional.empty(), berlin.extensionOf("alice"));
        assertEquals(Optional.empty(), berlin.extensionOf("*2001"));
        assertEquals(Optional.empty(), berlin.extensionOf(""));
        assertEquals(Optional.empty(), berlin.extensionOf(null));
    }

    @Test
    void withoutRangesAnyLengthWithinLimitsIsAnExtension() {
        DialPlan open = DialPlan.parse("", "2-8", "");
        assertTrue(open.isExtension("42"));
        assertTrue(open.isExtension("12345678"));
        assertFalse(open.isExtension("123456789"));
    }

    @Test
    void longestPrefixWins() {
        DialPlan p = DialPlan.parse("9,99", "3", "");
        assertEquals(Optional.of("123"), p.extensionOf("99123"));
        assertEquals(Optional.of("912"), p.extensionOf("9912"), "the number is itself no extension, 9 strips to 912");
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DialPlan.parse("", "0", ""));
        assertThrows(IllegalArgumentException.class, () -> DialPlan.parse("", "4", "2999-2000"));
        assertThrows(IllegalArgumentException.class, () -> DialPlan.parse("", "4", "20-2999"));
    }
}
