package org.homebound.web.api;

import java.util.Arrays;
import jakarta.ws.rs.core.Response;

/** Answers a GET with the whole body or one requested byte range. */
public final class ByteRanges {

    private ByteRanges() {
    }

    public static Response respond(byte[] body, String type, String rangeHeader) {
        if (rangeHeader == null || !rangeHeader.startsWith("bytes=") || rangeHeader.contains(",")) {
            return Response.ok(body, type).header("Accept-Ranges", "bytes").build();
        }
        String spec = rangeHeader.substring(6).trim();
        int dash = spec.indexOf('-');
        long start;
        long end;
        try {
            if (dash == 0) { // suffix range: the last N bytes
                long n = Long.parseLong(spec.substring(1));
                start = Math.max(0, body.length - n);
                end = body.length - 1;
            } else {
                start = Long.parseLong(spec.substring(0, dash));
                end = dash == spec.length() - 1 ? body.length - 1 : Math.min(body.length - 1, Long.parseLong(spec.substring(dash + 1)));
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return Response.ok(body, type).header("Accept-Ranges", "bytes").build(); // unparseable: ignore it (RFC 9110 §14.2)
        }
        if (start >= body.length || start > end) {
            return Response.status(416).header("Content-Range", "bytes */" + body.length).build();
        }
        byte[] part = Arrays.copyOfRange(body, (int) start, (int) end + 1);
        return Response.status(206).entity(part).type(type).header("Accept-Ranges", "bytes")
                .header("Content-Range", "bytes " + start + "-" + end + "/" + body.length).build();
    }
}
