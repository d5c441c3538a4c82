package org.homebound.telephony.csta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CstaFrameTest {

    @Test
    void theHeaderCountsBytesOfTheWholeFrameAndCarriesTheInvokeIdAsFourDigits() throws Exception {
        String xml = "<DeflectCall><newDestination>Zoë</newDestination></DeflectCall>"; // ë is two bytes in UTF-8
        byte[] wire = CstaFrame.of(42, xml).encode();
        int bytes = xml.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(xml.length() + 1, bytes);
        assertEquals(8 + bytes, wire.length);
        assertEquals(0, wire[0]);
        assertEquals(0, wire[1]);
        assertEquals(8 + bytes, ((wire[2] & 0xFF) << 8) | (wire[3] & 0xFF));
        assertEquals("0042", new String(wire, 4, 4, StandardCharsets.US_ASCII));

        CstaFrame back = CstaFrame.read(new ByteArrayInputStream(wire));
        assertEquals(42, back.invokeId());
        assertEquals(xml, back.text());
    }

    @Test
    void framesFollowEachOtherOnTheStreamAndACleanEndIsNull() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CstaFrame.of(1, "<A/>").writeTo(out);
        CstaFrame.of(CstaFrame.EVENT, "<DeliveredEvent/>").writeTo(out);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals("<A/>", CstaFrame.read(in).text());
        CstaFrame event = CstaFrame.read(in);
        assertEquals(9999, event.invokeId());
        assertNull(CstaFrame.read(in));
    }

    @Test
    void aWrongFormatIndicatorAShortLengthOrALetterInTheInvokeIdIsRefusedBeforeTheBodyIsRead() {
        byte[] good = CstaFrame.of(7, "<A/>").encode();
        byte[] format = good.clone();
        format[1] = 1;
        assertTrue(assertThrows(CstaProtocolException.class, () -> CstaFrame.read(new ByteArrayInputStream(format)))
                .getMessage().contains("format indicator"));
        byte[] shortLength = good.clone();
        shortLength[3] = 5;
        assertTrue(assertThrows(CstaProtocolException.class, () -> CstaFrame.read(new ByteArrayInputStream(shortLength)))
                .getMessage().contains("shorter than its own header"));
        byte[] letter = good.clone();
        letter[6] = 'x';
        assertThrows(CstaProtocolException.class, () -> CstaFrame.read(new ByteArrayInputStream(letter)));
        byte[] http = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(CstaProtocolException.class, () -> CstaFrame.read(new ByteArrayInputStream(http)));
    }

    @Test
    void aStreamThatEndsInsideAFrameIsAnEndOfFileNotAShortMessage() {
        byte[] good = CstaFrame.of(7, "<SetMessageWaitingIndicator/>").encode();
        assertThrows(EOFException.class, () -> CstaFrame.read(new ByteArrayInputStream(Arrays.copyOf(good, good.length - 3))));
        assertThrows(EOFException.class, () -> CstaFrame.read(new ByteArrayInputStream(Arrays.copyOf(good, 5))));
        // a header that promises the maximum and delivers a few bytes
        byte[] promise = {0, 0, (byte) 0xFF, (byte) 0xFF, '0', '0', '0', '1', '<', 'A'};
        assertThrows(EOFException.class, () -> CstaFrame.read(new ByteArrayInputStream(promise)));
    }

    @Test
    void nothingLargerThanTheLengthFieldCanSayIsSentAndInvokeIdsStayInRange() {
        byte[] most = new byte[CstaFrame.MAX_FRAME - CstaFrame.HEADER];
        assertEquals(CstaFrame.MAX_FRAME, new CstaFrame(1, most).encode().length);
        assertThrows(IllegalArgumentException.class, () -> new CstaFrame(1, new byte[most.length + 1]));
        assertThrows(IllegalArgumentException.class, () -> new CstaFrame(10_000, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new CstaFrame(-1, new byte[0]));
        assertArrayEquals(new byte[] {'9', '9', '9', '9'}, Arrays.copyOfRange(new CstaFrame(9999, new byte[0]).encode(), 4, 8));
    }
}
