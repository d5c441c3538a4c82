package org.homebound.telephony.api;

/** Why a call was diverted to voicemail, in protocol-neutral terms. */
public enum DiversionReason {
    NO_ANSWER,
    BUSY,
    UNCONDITIONAL,
    DO_NOT_DISTURB,
    UNAVAILABLE,
    DEFLECTION,
    /** Diverted, but the switch did not say why. */
    UNKNOWN,
    /** The call was placed to the voicemail service directly. */
    NOT_DIVERTED
}
