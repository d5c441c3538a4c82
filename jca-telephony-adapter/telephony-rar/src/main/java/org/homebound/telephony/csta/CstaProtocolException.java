package org.homebound.telephony.csta;

import java.io.IOException;

/** The peer broke the CSTA framing or sent XML we will not parse: the connection is closed and made again. */
public class CstaProtocolException extends IOException {

    public CstaProtocolException(String message) {
        super(message);
    }

    public CstaProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
