package org.homebound.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RtpPacketTest {

    @Test
    void headerRoundTrip() {
        byte[] buf = new byte[12 + 160];
        RtpPacket.writeHeader(buf, 8, true, 65535, 0xFFFFFFF0L, 0xCAFEBABEL);
        RtpPacket p = RtpPacket.parse(buf, buf.length);
        assertEquals(8, p.payloadType());
        assertEquals(true, p.marker());
        assertEquals(65535, p.sequence());
        assertEquals(0xFFFFFFF0L, p.timestamp());
        assertEquals(0xCAFEBABEL, p.ssrc());
        assertEquals(12, p.payloadOffset());
        assertEquals(160, p.payloadLength());
    }

    @Test
    void csrcExtensionAndPaddingAreSkipped() {
        byte[] buf = new byte[12 + 4 + 8 + 10 + 2];
        RtpPacket.writeHeader(buf, 0, false, 1, 2, 3);
        buf[0] = (byte) (0x80 | 0x20 | 0x10 | 1); // padding, extension, one CSRC
        buf[16 + 2] = 0;
        buf[16 + 3] = 1; // extension of one word
        buf[buf.length - 1] = 2; // two bytes of padding
        RtpPacket p = RtpPacket.parse(buf, buf.length);
        assertEquals(12 + 4 + 8, p.payloadOffset());
        assertEquals(10, p.payloadLength());
    }

    @Test
    void notRtpIsRejected() {
        assertNull(RtpPacket.parse(new byte[5], 5));
        byte[] v1 = new byte[20];
        v1[0] = 0x40;
        assertNull(RtpPacket.parse(v1, v1.length));
        byte[] lyingPadding = new byte[13];
        lyingPadding[0] = (byte) 0xA0;
        lyingPadding[12] = (byte) 200;
        assertNull(RtpPacket.parse(lyingPadding, lyingPadding.length));
    }
}
