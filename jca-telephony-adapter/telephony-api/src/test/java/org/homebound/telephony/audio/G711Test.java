package org.homebound.telephony.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class G711Test {

    @Test
    void ulawDecodesReferenceCodes() {
        assertEquals(0, G711.ulawToLinear((byte) 0xFF));
        assertEquals(0, G711.ulawToLinear((byte) 0x7F));
        assertEquals(32124, G711.ulawToLinear((byte) 0x80));
        assertEquals(-32124, G711.ulawToLinear((byte) 0x00));
        assertEquals(-8, G711.ulawToLinear((byte) 0x7E));
        assertEquals(8, G711.ulawToLinear((byte) 0xFE));
        assertEquals(7932, G711.ulawToLinear((byte) 0xA0));
    }

    @Test
    void ulawEncodesReferenceValues() {
        assertEquals((byte) 0xFF, G711.linearToUlaw((short) 0));
        assertEquals((byte) 0x80, G711.linearToUlaw(Short.MAX_VALUE));
        assertEquals((byte) 0x00, G711.linearToUlaw(Short.MIN_VALUE));
        assertEquals((byte) 0x7F, G711.linearToUlaw((short) -1));
        assertEquals((byte) 0xA0, G711.linearToUlaw((short) 7932));
    }

    @Test
    void alawDecodesReferenceCodes() {
        assertEquals(8, G711.alawToLinear((byte) 0xD5));
        assertEquals(-8, G711.alawToLinear((byte) 0x55));
        assertEquals(32256, G711.alawToLinear((byte) 0xAA));
        assertEquals(-32256, G711.alawToLinear((byte) 0x2A));
        assertEquals(1008, G711.alawToLinear((byte) 0xFA));
    }

    @Test
    void alawEncodesReferenceValues() {
        assertEquals((byte) 0xD5, G711.linearToAlaw((short) 0));
        assertEquals((byte) 0x55, G711.linearToAlaw((short) -1));
        assertEquals((byte) 0xAA, G711.linearToAlaw(Short.MAX_VALUE));
        assertEquals((byte) 0x2A, G711.linearToAlaw(Short.MIN_VALUE));
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            assertEquals(code, G711.linearToAlaw(G711.alawToLinear(code)), "A-law " + c);
            if (c != 0x7F) { // µ-law has a negative zero that decodes to 0 and comes back as 0xFF
                assertEquals(code, G711.linearToUlaw(G711.ulawToLinear(code)), "µ-law " + c);
            }
        }
    }

    @Test
    void quantisationErrorStaysWithinTheSegmentStep() {
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s += 7) {
            short pcm = (short) s;
            int ulawError = Math.abs(G711.ulawToLinear(G711.linearToUlaw(pcm)) - s);
            int alawError = Math.abs(G711.alawToLinear(G711.linearToAlaw(pcm)) - s);
            // Largest step is 1024 (µ-law) / 1024 (A-law) in the top segment, plus clipping near full scale.
            assertTrue(ulawError <= Math.max(512, Math.abs(s) / 16 + 1) || Math.abs(s) > 32124, "µ-law " + s + " error " + ulawError);
            assertTrue(alawError <= Math.max(16, Math.abs(s) / 16 + 1) || Math.abs(s) > 32256, "A-law " + s + " error " + alawError);
        }
    }

    @Test
    void encodingEnumUsesTheRightLawAndSilence() {
        assertEquals(0, AudioEncoding.PCMU.decode(AudioEncoding.PCMU.silence()));
        assertEquals(8, Math.abs(AudioEncoding.PCMA.decode(AudioEncoding.PCMA.silence())));
        assertEquals(AudioEncoding.PCMA, AudioEncoding.forPayloadType(8));
        assertEquals(AudioEncoding.PCMU, AudioEncoding.forPayloadType(0));
    }
}
