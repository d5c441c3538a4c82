package org.homebound.telephony.sip;

import java.util.Locale;

/**
 * Reads a key from the body of a SIP INFO as phones send it without RFC 4733: Content-Type
 * application/dtmf-relay with lines "Signal=5" and "Duration=160", or application/dtmf with the key
 * alone. Events 10 and 11 stand for '*' and '#'.
 */
final class DtmfInfo {

    private static final String KEYS = "0123456789*#ABCD";

    private DtmfInfo() {
    }

    /** The key, or null if the body is not a DTMF signal. */
    static Character key(String contentType, String body) {
        String type = contentType.toLowerCase(Locale.ROOT).trim();
        String signal = null;
        if (type.equals("application/dtmf-relay")) {
            for (String line : body.split("\r?\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(0, eq).trim().equalsIgnoreCase("signal")) {
                    signal = line.substring(eq + 1).trim();
                    break;
                }
            }
        } else if (type.equals("application/dtmf")) {
            signal = body.trim();
        }
        if (signal == null || signal.isEmpty()) {
            return null;
        }
        if (signal.equals("10")) {
            return '*';
        }
        if (signal.equals("11")) {
            return '#';
        }
        if (signal.length() != 1) {
            return null;
        }
        char k = Character.toUpperCase(signal.charAt(0));
        return KEYS.indexOf(k) >= 0 ? k : null;
    }
}
