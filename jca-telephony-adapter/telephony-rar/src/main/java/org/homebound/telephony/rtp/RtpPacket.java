package org.homebound.telephony.rtp;

/**
 * An RTP packet header view (RFC 3550 §5.1) over a received datagram; the payload is not copied.
 */
record RtpPacket(int payloadType, boolean marker, int sequence, long timestamp, long ssrc,
                 byte[] data, int payloadOffset, int payloadLength) {

    static final int HEADER = 12;

    /** Returns null for anything that is not a well-formed RTP version 2 packet. */
    static RtpPacket parse(byte[] data, int length) {
        if (length < HEADER || (data[0] & 0xC0) != 0x80) {
            return null;
        }
        boolean padding = (data[0] & 0x20) != 0;
        boolean extension = (data[0] & 0x10) != 0;
        int csrcCount = data[0] & 0x0F;
        int offset = HEADER + 4 * csrcCount;
        if (extension) {
            if (length < offset + 4) {
                return null;
            }
            int words = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
            offset += 4 + 4 * words;
        }
        int end = length;
        if (padding) {
            int pad = data[length - 1] & 0xFF;
            end -= pad;
        }
        if (offset > end) {
            return null;
        }
        int pt = data[1] & 0x7F;
        boolean marker = (data[1] & 0x80) != 0;
        int seq = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        long ts = readUnsigned32(data, 4);
        long ssrc = readUnsigned32(data, 8);
        return new RtpPacket(pt, marker, seq, ts, ssrc, data, offset, end - offset);
    }

    /** Writes a 12-byte header for an outgoing packet into {@code buffer}. */
    static void writeHeader(byte[] buffer, int payloadType, boolean marker, int sequence, long timestamp, long ssrc) {
        buffer[0] = (byte) 0x80;
        buffer[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        buffer[2] = (byte) (sequence >> 8);
        buffer[3] = (byte) sequence;
        writeUnsigned32(buffer, 4, timestamp);
        writeUnsigned32(buffer, 8, ssrc);
    }

    private static long readUnsigned32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static void writeUnsigned32(byte[] b, int off, long v) {
        b[off] = (byte) (v >> 24);
        b[off + 1] = (byte) (v >> 16);
        b[off + 2] = (byte) (v >> 8);
        b[off + 3] = (byte) v;
    }
}
