package org.homebound.web.api;

import java.util.function.Function;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.homebound.voicemail.codec.AudioCodec.AudioFile;

/**
 * A message's audio in the kind of file the client asks for (content negotiation on Accept): WAV
 * unless Ogg Opus is preferred, with single byte ranges for seeking players.
 */
public final class AudioFiles {

    /** What resources that serve audio declare they produce. */
    public static final String WAV = "audio/wav";
    public static final String OGG = "audio/ogg";

    private AudioFiles() {
    }

    public static Response respond(HttpHeaders headers, String range, Function<AudioFile, byte[]> render) {
        AudioFile file = negotiate(headers);
        Response response = ByteRanges.respond(render.apply(file), file.mediaType(), range);
        response.getHeaders().add(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        return response;
    }

    /** The first of the client's acceptable types (best first) that WAV or Ogg satisfies; WAV on a tie. */
    static AudioFile negotiate(HttpHeaders headers) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            for (AudioFile file : AudioFile.values()) {
                if (accepted.isCompatible(MediaType.valueOf(file.mediaType()))) {
                    return file;
                }
            }
        }
        throw new NotAcceptableException("audio is available as " + WAV + " or " + OGG);
    }
}
