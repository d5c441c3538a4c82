package org.homebound.web.admin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import org.homebound.voicemail.application.VoicemailException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.homebound.voicemail.application.Logins;

/**
 * PIN guessing as administrators see it: logins with wrong PINs counted (locked ones first), and
 * sources slowed for failing on many mailboxes, which an administrator may release.
 */
@Path("admin/lockouts")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
public class LockoutAdminResource {

    @Inject
    Logins logins;

    @GET
    public Logins.Lockouts list() {
        return logins.lockouts();
    }

    @DELETE
    @Path("sources/{source}")
    public Response release(@PathParam("source") String source) {
        if (!logins.releaseSource(source)) {
            throw VoicemailException.notFound("source " + source + " is not slowed");
        }
        return Response.noContent().build();
    }
}
