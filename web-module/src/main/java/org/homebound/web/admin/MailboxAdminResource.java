package org.homebound.web.admin;

import java.net.URI;
import java.util.List;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.homebound.voicemail.application.Logins;
import org.homebound.voicemail.application.MailboxAdministration;
import org.homebound.voicemail.application.MailboxView;

/** Administrators manage mailboxes: create, change (name, PIN, quota), list, disable and enable, unlock a PIN. */
@Path("admin/mailboxes")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MailboxAdminResource {

    @Inject
    MailboxAdministration administration;
    @Inject
    Logins logins;

    @GET
    public List<MailboxView> list() {
        return administration.list();
    }

    @GET
    @Path("{extension}")
    public MailboxView get(@PathParam("extension") String extension) {
        return administration.get(extension);
    }

    @POST
    public Response create(MailboxRequest request) {
        if (request == null) {
            throw new BadRequestException("a JSON body with extension, name and pin is required");
        }
        MailboxView created = administration.create(request.toSpec());
        return Response.created(URI.create("admin/mailboxes/" + created.extension())).entity(created).build();
    }

    @PUT
    @Path("{extension}")
    public MailboxView update(@PathParam("extension") String extension, MailboxRequest request) {
        if (request == null) {
            throw new BadRequestException("a JSON body is required");
        }
        return administration.update(extension, request.toSpec());
    }

    @POST
    @Path("{extension}/disable")
    public MailboxView disable(@PathParam("extension") String extension) {
        return administration.setEnabled(extension, false);
    }

    /** Ends a mailbox's PIN lock (and its count of wrong PINs): its owner can log in again at once. */
    @POST
    @Path("{extension}/unlock")
    public MailboxView unlock(@PathParam("extension") String extension) {
        MailboxView mailbox = administration.get(extension);
        logins.unlock(extension);
        return administration.get(mailbox.extension());
    }

    @POST
    @Path("{extension}/enable")
    public MailboxView enable(@PathParam("extension") String extension) {
        return administration.setEnabled(extension, true);
    }
}
