package org.homebound.web.api;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.SecurityContext;

/** A subscriber may act on their own mailbox only; an administrator on any. */
public final class MailboxAccess {

    public static final String ADMIN = "admin";
    public static final String SUBSCRIBER = "subscriber";

    private MailboxAccess() {
    }

    public static void check(SecurityContext security, String extension) {
        if (security.isUserInRole(ADMIN)) {
            return;
        }
        if (security.getUserPrincipal() == null || !security.getUserPrincipal().getName().equals(extension)) {
            throw new ForbiddenException("mailbox " + extension + " is not yours");
        }
    }
}
