package org.homebound.telephony.csta;

/** The switch refused a request: a CSTAErrorCode or an ECMA-354 negative response. */
public class CstaErrorException extends Exception {

    private final String request;
    private final String error;

    public CstaErrorException(String request, int invokeId, String error) {
        super(request + " (invoke id " + String.format("%04d", invokeId) + ") refused by the switch: " + error);
        this.request = request;
        this.error = error;
    }

    /** The refused request's name ("DeflectCall"). */
    public String request() {
        return request;
    }

    /** What the switch said, e.g. "CSTAErrorCode (operation: invalidDeviceID)". */
    public String error() {
        return error;
    }
}
