package org.homebound.web.api;

import java.util.function.Function;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.homebound.voicemail.codec.AudioCodec.AudioFile;

/**
 * A message's audio in the kind of file the client asks for (content negotiation on Accept): WAV
 * unless Ogg Opus or MP3 is preferred, with single byte ranges for seeking players.
 */
public final class AudioFiles {

    /** What resources that serve audio declare they produce. */
    public static final String WAV = "audio/wav";
    public static final String OGG = "audio/ogg";
    public static final String MP3 = "audio/mpeg";

    private AudioFiles() {
    }

    public static Response respond(HttpHeaders headers, String range, Function<AudioFile, byte[]> render) {
        return respond(headers, range, null, null, render);
    }

    /**
     * As {@link #respond(HttpHeaders, String, Function)}, but {@code format} ("wav", "ogg" or "mp3"), where
     * given, chooses instead of Accept: an {@code <audio src>} or a download link cannot set headers.
     * A downloadName makes it an attachment of that name (with the format's extension).
     */
    public static Response respond(HttpHeaders headers, String range, String format, String downloadName, Function<AudioFile, byte[]> render) {
        AudioFile file = format == null || format.isEmpty() ? negotiate(headers) : named(format);
        Response response = ByteRanges.respond(render.apply(file), file.mediaType(), range);
        response.getHeaders().add(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        if (downloadName != null) {
            response.getHeaders().add("Content-Disposition", "attachment; filename=\"" + downloadName + "." + file.name().toLowerCase() + "\"");
        }
        return response;
    }

    static AudioFile named(String format) {
        return switch (format.toLowerCase()) {
            case "wav" -> AudioFile.WAV;
            case "ogg", "opus" -> AudioFile.OGG;
            case "mp3" -> AudioFile.MP3;
            default -> throw new BadRequestException("format must be wav, ogg or mp3, got '" + format + "'");
        };
    }

    /** The first of the client's acceptable types (best first) that WAV, Ogg or MP3 satisfies; WAV on a tie. */
    static AudioFile negotiate(HttpHeaders headers) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            for (AudioFile file : AudioFile.values()) {
                if (accepted.isCompatible(MediaType.valueOf(file.mediaType()))) {
                    return file;
                }
            }
        }
        throw new NotAcceptableException("audio is available as " + WAV + ", " + OGG + " or " + MP3);
    }
}
