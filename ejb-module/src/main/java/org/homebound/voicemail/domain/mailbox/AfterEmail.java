package org.homebound.voicemail.domain.mailbox;

/** What becomes of a message once its email was accepted by the mail server (never before). */
public enum AfterEmail {
    /** Stays new in the mailbox; the lamp lights as for any message. */
    KEEP,
    /** Stays in the mailbox as heard: the email was the notice. */
    MARK_HEARD,
    /** Deleted (recoverable in the inbox until deleted messages are purged): the email is the message. */
    DELETE
}
