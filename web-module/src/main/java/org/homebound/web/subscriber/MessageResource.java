package org.homebound.web.subscriber;

import java.util.List;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.homebound.voicemail.application.MessageView;
import org.homebound.voicemail.application.SubscriberMessages;
import org.homebound.web.api.AudioFiles;
import org.homebound.web.api.MailboxAccess;

/** A mailbox's messages, for its owner (or an administrator). */
@Path("mailboxes/{extension}/messages")
@RequestScoped
@RolesAllowed({"admin", "subscriber"})
public class MessageResource {

    @Inject
    SubscriberMessages messages;

    @Context
    SecurityContext security;

    @PathParam("extension")
    String extension;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<MessageView> list() {
        MailboxAccess.check(security, extension);
        return messages.list(extension);
    }

    /** Messages deleted lately, which an undo can still bring back (most recently deleted first). */
    @GET
    @Path("deleted")
    @Produces(MediaType.APPLICATION_JSON)
    public List<MessageView> deleted() {
        MailboxAccess.check(security, extension);
        return messages.deleted(extension);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public MessageView get(@PathParam("id") String id) {
        MailboxAccess.check(security, extension);
        return messages.get(extension, uuid(id));
    }

    /** The message as a WAV or Ogg Opus file (Accept, or ?format=wav|ogg; ?download=true for an attachment); single byte ranges (RFC 9110 §14) for seeking players. */
    @GET
    @Path("{id}/audio")
    @Produces({AudioFiles.WAV, AudioFiles.OGG, AudioFiles.MP3})
    public Response audio(@PathParam("id") String id, @HeaderParam("Range") String range, @Context HttpHeaders headers,
                          @QueryParam("format") String format, @QueryParam("download") boolean download) {
        MailboxAccess.check(security, extension);
        UUID message = uuid(id);
        return AudioFiles.respond(headers, range, format, download ? "voicemail-" + extension + "-" + id : null,
                file -> messages.audio(extension, message, file));
    }

    @POST
    @Path("{id}/heard")
    @Produces(MediaType.APPLICATION_JSON)
    public MessageView markHeard(@PathParam("id") String id) {
        MailboxAccess.check(security, extension);
        return messages.markHeard(extension, uuid(id));
    }

    /** Saved messages become new again (the lamp comes back on). */
    @POST
    @Path("{id}/new")
    @Produces(MediaType.APPLICATION_JSON)
    public MessageView markNew(@PathParam("id") String id) {
        MailboxAccess.check(security, extension);
        return messages.markNew(extension, uuid(id));
    }

    /** Undo of a delete, while the message is among the deleted ones. */
    @POST
    @Path("{id}/restore")
    @Produces(MediaType.APPLICATION_JSON)
    public MessageView restore(@PathParam("id") String id) {
        MailboxAccess.check(security, extension);
        return messages.restore(extension, uuid(id));
    }

    /** Deleted: out of the list and the counts at once, recoverable (restore) until purged. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        MailboxAccess.check(security, extension);
        messages.delete(extension, uuid(id));
        return Response.noContent().build();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no message " + id);
        }
    }
}
