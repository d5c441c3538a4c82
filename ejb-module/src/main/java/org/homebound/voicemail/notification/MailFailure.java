package org.homebound.voicemail.notification;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;

/**
 * Why an attempt failed, and whether trying again can help. Only the mail server refusing this
 * mail or its recipients with a 5xx reply is final; everything else (unreachable, 4xx, TLS or
 * login trouble an operator can fix) is retried.
 */
public record MailFailure(boolean permanent, String description) {

    public static MailFailure of(Exception e) {
        boolean permanent = false;
        int depth = 0;
        for (Throwable t = e; t != null && depth++ < 10; t = next(t)) {
            if (t instanceof AuthenticationFailedException) {
                break;
            }
            if (t instanceof SendFailedException && t.getMessage() != null && t.getMessage().matches("(?s)5\\d\\d[ -].*")) {
                permanent = true;
                break;
            }
        }
        return new MailFailure(permanent, describe(e));
    }

    /** The exception and its causes in a line: "Could not connect to SMTP host ...: Connection refused". */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth++ < 10; t = next(t)) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip().replaceAll("\\s+", " ");
            if (b.indexOf(m) < 0) {
                b.append(b.length() == 0 ? "" : ": ").append(m);
            }
        }
        return b.toString();
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException me && me.getNextException() != null && me.getNextException() != t) {
            return me.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
