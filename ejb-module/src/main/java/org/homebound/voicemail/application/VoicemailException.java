package org.homebound.voicemail.application;

import jakarta.ejb.ApplicationException;

/** A request the application refuses; the REST layer turns each kind into its HTTP status. */
@ApplicationException(rollback = true)
public class VoicemailException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind { NOT_FOUND, CONFLICT, INVALID }

    private final Kind kind;

    public VoicemailException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static VoicemailException notFound(String message) {
        return new VoicemailException(Kind.NOT_FOUND, message);
    }

    public static VoicemailException conflict(String message) {
        return new VoicemailException(Kind.CONFLICT, message);
    }

    public static VoicemailException invalid(String message) {
        return new VoicemailException(Kind.INVALID, message);
    }
}
