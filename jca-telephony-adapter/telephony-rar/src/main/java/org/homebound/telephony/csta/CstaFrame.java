package org.homebound.telephony.csta;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One CSTA XML message on a TCP stream, framed the way switches frame it (ECMA-323 over TCP as
 * Avaya AES, OpenScape and others do): an 8-byte header - a 2-byte format indicator {@code 0x0000},
 * the 2-byte big-endian length of the whole frame including the header, 4 ASCII digits of invoke
 * id - then the UTF-8 XML. Responses echo the request's invoke id; unsolicited events carry 9999,
 * so requests use 0000-9998. Lengths are bytes, not characters.
 *
 * @param invokeId 0-9999
 * @param xml      the message, UTF-8
 */
public record CstaFrame(int invokeId, byte[] xml) {

    public static final int HEADER = 8;
    public static final int MAX_FRAME = 65_535;
    /** The invoke id of unsolicited events (and of nothing else). */
    public static final int EVENT = 9999;

    public CstaFrame {
        if (invokeId < 0 || invokeId > EVENT) {
            throw new IllegalArgumentException("invoke id " + invokeId + " is not 0000-9999");
        }
        if (xml.length > MAX_FRAME - HEADER) {
            throw new IllegalArgumentException("a CSTA frame holds at most " + (MAX_FRAME - HEADER) + " bytes of XML, not " + xml.length);
        }
    }

    public static CstaFrame of(int invokeId, String xml) {
        return new CstaFrame(invokeId, xml.getBytes(StandardCharsets.UTF_8));
    }

    public String text() {
        return new String(xml, StandardCharsets.UTF_8);
    }

    public byte[] encode() {
        int length = HEADER + xml.length;
        byte[] out = new byte[length];
        out[2] = (byte) (length >>> 8);
        out[3] = (byte) length;
        String id = String.format("%04d", invokeId);
        for (int i = 0; i < 4; i++) {
            out[4 + i] = (byte) id.charAt(i);
        }
        System.arraycopy(xml, 0, out, HEADER, xml.length);
        return out;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(encode());
        out.flush();
    }

    /**
     * The next frame; null at a clean end of stream (between frames). The header is checked before
     * a byte of the body is read or buffered: a wrong format indicator, a length shorter than the
     * header or an invoke id that is not four digits is a {@link CstaProtocolException}; a stream
     * that ends inside a frame is an {@link EOFException}.
     */
    public static CstaFrame read(InputStream in) throws IOException {
        byte[] header = new byte[HEADER];
        int first = in.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        readFully(in, header, 1, HEADER - 1, "header");
        if (header[0] != 0 || header[1] != 0) {
            throw new CstaProtocolException(String.format("format indicator 0x%02x%02x is not 0x0000 (not a CSTA XML stream?)",
                    header[0] & 0xFF, header[1] & 0xFF));
        }
        int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        if (length < HEADER) {
            throw new CstaProtocolException("frame length " + length + " is shorter than its own header");
        }
        int invokeId = 0;
        for (int i = 4; i < HEADER; i++) {
            int digit = header[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new CstaProtocolException("invoke id is not four ASCII digits");
            }
            invokeId = invokeId * 10 + digit;
        }
        byte[] xml = new byte[length - HEADER];
        readFully(in, xml, 0, xml.length, "body of " + length + " bytes");
        return new CstaFrame(invokeId, xml);
    }

    private static void readFully(InputStream in, byte[] into, int offset, int length, String what) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(into, offset + done, length - done);
            if (n < 0) {
                throw new EOFException("stream ended inside a frame's " + what + " (" + done + " of " + length + " bytes)");
            }
            done += n;
        }
    }
}
