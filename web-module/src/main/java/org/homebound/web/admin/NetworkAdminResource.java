package org.homebound.web.admin;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.homebound.voicemail.application.NetworkAdministration;
import org.homebound.voicemail.application.NetworkAdministration.DirectoryView;
import org.homebound.voicemail.application.NetworkAdministration.MessageSummary;
import org.homebound.voicemail.application.NetworkAdministration.RangeView;
import org.homebound.voicemail.application.NetworkAdministration.SiteView;
import org.homebound.voicemail.application.NetworkAdministration.Trace;
import org.homebound.voicemail.domain.message.MessageState;
import org.homebound.web.api.AudioFiles;

/**
 * The network as administrators run it: sites and their availability, held messages per peer
 * with "forward now", the directory (extension ranges and per-mailbox overrides), messages by
 * state (e.g. UNDELIVERABLE) and a message's trace by id.
 */
@Path("admin")
@RequestScoped
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NetworkAdminResource {

    @Inject
    NetworkAdministration network;

    /** A site's name and addresses, as PUT /admin/sites/{id} takes them. */
    public record SiteRequest(String name, String apiAddress, String messagingAddress) {
    }

    @GET
    @Path("sites")
    public List<SiteView> sites() {
        return network.sites();
    }

    @GET
    @Path("sites/{id}")
    public SiteView site(@PathParam("id") String id) {
        return network.site(id);
    }

    @PUT
    @Path("sites/{id}")
    public SiteView putSite(@PathParam("id") String id, SiteRequest request) {
        if (request == null || request.apiAddress() == null || request.messagingAddress() == null) {
            throw new BadRequestException("a JSON body with name, apiAddress and messagingAddress is required");
        }
        return network.putSite(id, request.name(), request.apiAddress(), request.messagingAddress());
    }

    @GET
    @Path("sites/{id}/held")
    public List<MessageSummary> held(@PathParam("id") String id, @QueryParam("offset") @DefaultValue("0") int offset,
                                     @QueryParam("limit") @DefaultValue("100") int limit) {
        network.site(id);
        return network.messages(MessageState.HELD, id, offset, limit);
    }

    @POST
    @Path("sites/{id}/forward")
    public Map<String, Object> forwardNow(@PathParam("id") String id) {
        return network.forwardNow(id);
    }

    @GET
    @Path("directory")
    public DirectoryView directory() {
        return network.directoryView();
    }

    @PUT
    @Path("directory/ranges")
    public DirectoryView replaceRanges(List<RangeView> ranges) {
        if (ranges == null) {
            throw new BadRequestException("a JSON array of {first, last, site} is required");
        }
        return network.replaceRanges(ranges);
    }

    @PUT
    @Path("directory/overrides/{extension}")
    public DirectoryView putOverride(@PathParam("extension") String extension, Map<String, String> body) {
        if (body == null || body.get("site") == null) {
            throw new BadRequestException("a JSON body {\"site\": \"<site id>\"} is required");
        }
        return network.putOverride(extension, body.get("site"));
    }

    @DELETE
    @Path("directory/overrides/{extension}")
    public DirectoryView removeOverride(@PathParam("extension") String extension) {
        return network.removeOverride(extension);
    }

    @GET
    @Path("messages")
    public List<MessageSummary> messages(@QueryParam("state") String state, @QueryParam("site") String site,
                                         @QueryParam("offset") @DefaultValue("0") int offset,
                                         @QueryParam("limit") @DefaultValue("100") int limit) {
        if (state == null) {
            throw new BadRequestException("state is required: one of " + List.of(MessageState.values()));
        }
        MessageState s;
        try {
            s = MessageState.valueOf(state);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("state must be one of " + List.of(MessageState.values()));
        }
        return network.messages(s, site, offset, limit);
    }

    @GET
    @Path("messages/{id}")
    public Trace trace(@PathParam("id") String id) {
        return network.trace(uuid(id));
    }

    @GET
    @Path("messages/{id}/audio")
    @Produces({AudioFiles.WAV, AudioFiles.OGG, AudioFiles.MP3})
    public Response audio(@PathParam("id") String id, @HeaderParam("Range") String range, @Context HttpHeaders headers,
                          @QueryParam("format") String format) {
        UUID message = uuid(id);
        return AudioFiles.respond(headers, range, format, null, file -> network.audio(message, file));
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("'" + id + "' is not a message id");
        }
    }
}
