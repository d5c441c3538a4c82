package org.homebound.web.subscriber;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.homebound.voicemail.application.EmailPreferences;
import org.homebound.voicemail.application.MailboxAdministration;
import org.homebound.web.api.MailboxAccess;

/** Where a mailbox's new messages are emailed: set by its owner (or an administrator). */
@Path("mailboxes/{extension}/email")
@RequestScoped
@RolesAllowed({"admin", "subscriber"})
@Produces(MediaType.APPLICATION_JSON)
public class EmailSettingsResource {

    @Inject
    MailboxAdministration mailboxes;
    @Context
    SecurityContext security;
    @PathParam("extension")
    String extension;

    @GET
    public EmailPreferences get() {
        MailboxAccess.check(security, extension);
        return mailboxes.email(extension);
    }

    /** 200 with the settings as stored; 400 for an address that is not one, an unknown attachment or after-email choice. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public EmailPreferences set(EmailPreferences email) {
        MailboxAccess.check(security, extension);
        if (email == null) {
            throw new BadRequestException("a JSON body with addresses, attachment and afterEmail is required");
        }
        return mailboxes.setEmail(extension, email);
    }
}
