package org.homebound.telephony.api;

/**
 * Why the voicemail service refuses a call; each driver maps it to its protocol's code
 * (for SIP see the driver's response table).
 */
public enum RejectCause {
    /** No mailbox for the called number. */
    NO_SUCH_MAILBOX,
    MAILBOX_DISABLED,
    MAILBOX_FULL,
    /** The call asks for a service this site does not offer (yet). */
    SERVICE_NOT_AVAILABLE,
    /** The offer cannot be handled at all (for example no common codec). */
    NOT_ACCEPTABLE,
    /** This site cannot take the call right now. */
    TEMPORARILY_UNAVAILABLE
}
