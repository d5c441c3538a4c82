package org.homebound.web.subscriber;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.homebound.web.api.MailboxAccess;

/**
 * Server-sent events for an open inbox: a "changed" event whenever the mailbox's messages change
 * (a message arrived, was heard, deleted, restored), so the page shows new messages without a reload.
 */
@Path("mailboxes/{extension}/events")
@RequestScoped
@RolesAllowed({"admin", "subscriber"})
public class MailboxEventsResource {

    @Inject
    EventStreams streams;
    @Context
    SecurityContext security;
    @PathParam("extension")
    String extension;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context SseEventSink sink, @Context Sse sse) {
        MailboxAccess.check(security, extension);
        streams.open(extension, sink, sse);
    }
}
