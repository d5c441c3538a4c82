package org.homebound.web.subscriber;

import java.io.IOException;
import java.io.InputStream;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.homebound.telephony.audio.Wav;
import org.homebound.voicemail.application.Greetings;
import org.homebound.voicemail.codec.AudioCodec;
import org.homebound.web.api.AudioFiles;
import org.homebound.web.api.MailboxAccess;

/**
 * A mailbox's personal greeting, for its owner (or an administrator), at the mailbox's home site.
 * Uploads are 16-bit PCM WAV, mono or stereo, 8 to 48 kHz (converted to 8 kHz speech), half a
 * second to two minutes long.
 */
@Path("mailboxes/{extension}/greeting")
@RequestScoped
@RolesAllowed({"admin", "subscriber"})
public class GreetingResource {

    /**
     * Largest upload, under Undertow's 10 MiB request limit so the refusal is ours (413): two
     * minutes of 16-bit mono up to 41 kHz, or a minute of 44.1 kHz stereo.
     */
    static final int MAX_UPLOAD_BYTES = 10_000_000;

    @Inject
    Greetings greetings;
    @Inject
    AudioCodec codec;

    @Context
    SecurityContext security;

    @PathParam("extension")
    String extension;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Greetings.GreetingView get() {
        MailboxAccess.check(security, extension);
        return greetings.view(extension);
    }

    @GET
    @Path("audio")
    @Produces({AudioFiles.WAV, AudioFiles.OGG, AudioFiles.MP3})
    public Response audio(@HeaderParam("Range") String range, @Context HttpHeaders headers, @QueryParam("format") String format) {
        MailboxAccess.check(security, extension);
        AudioCodec.StoredAudio stored = greetings.audio(extension)
                .orElseThrow(() -> new NotFoundException("mailbox " + extension + " has no personal greeting; callers hear the default"));
        return AudioFiles.respond(headers, range, format, null, file -> codec.toFile(file, stored.format(), stored.data()));
    }

    @PUT
    @Consumes({AudioFiles.WAV, "audio/x-wav", "audio/wave"})
    @Produces(MediaType.APPLICATION_JSON)
    public Greetings.GreetingView upload(InputStream body) {
        MailboxAccess.check(security, extension);
        short[] speech;
        try {
            speech = Wav.decodeAsSpeech(readBounded(body));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("the greeting is not a usable WAV file: " + e.getMessage());
        }
        return greetings.set(extension, speech);
    }

    @DELETE
    public Response remove() {
        MailboxAccess.check(security, extension);
        greetings.remove(extension);
        return Response.noContent().build();
    }

    private static byte[] readBounded(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(MAX_UPLOAD_BYTES + 1);
            if (bytes.length > MAX_UPLOAD_BYTES) {
                throw new WebApplicationException("a greeting upload may have at most " + MAX_UPLOAD_BYTES + " bytes", 413);
            }
            return bytes;
        } catch (IOException e) {
            throw new BadRequestException("the upload could not be read: " + e.getMessage());
        }
    }
}
