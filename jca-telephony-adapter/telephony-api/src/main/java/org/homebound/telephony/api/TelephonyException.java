package org.homebound.telephony.api;

/** The switch could not carry out a command (unknown call, call already gone, link down). */
public class TelephonyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TelephonyException(String message) {
        super(message);
    }

    public TelephonyException(String message, Throwable cause) {
        super(message, cause);
    }
}
