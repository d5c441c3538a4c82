package org.homebound.web.subscriber;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.homebound.voicemail.application.LoginResult;
import org.homebound.voicemail.application.Logins;
import org.homebound.web.security.ClientAddress;
import org.homebound.web.security.LoginAnswers;

/** The owner's own PIN: changed with the current one, under the same guessing policy as a login. */
@Path("mailboxes/{extension}/pin")
@RequestScoped
@RolesAllowed("subscriber")
public class MailboxAccountResource {

    @Inject
    Logins logins;
    @Context
    SecurityContext security;
    @Context
    HttpServletRequest request;
    @PathParam("extension")
    String extension;

    public record PinChange(String currentPin, String newPin) {
    }

    /** 204 when changed; 400 for an unacceptable new PIN; 403 for a wrong current PIN; 429 / 423 as for a login. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response change(PinChange change) {
        if (security.getUserPrincipal() == null || !security.getUserPrincipal().getName().equals(extension)) {
            throw new ForbiddenException("only the owner of mailbox " + extension + " changes its PIN here (administrators reset it)");
        }
        if (change == null || change.currentPin() == null || change.newPin() == null) {
            throw new BadRequestException("a JSON body with currentPin and newPin is required");
        }
        LoginResult result = logins.changePin(extension, change.currentPin(), change.newPin(), ClientAddress.of(request), Logins.Channel.WEB);
        if (result.accepted()) {
            return Response.noContent().build();
        }
        if (result.outcome() == LoginResult.Outcome.REFUSED) {
            throw new ForbiddenException("the current PIN is wrong");
        }
        return LoginAnswers.response(result);
    }
}
