package org.homebound.web.security;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.homebound.voicemail.application.LoginResult;

/**
 * What a refused login is told, the same for the page's login, an API client's BASIC header and
 * an expired session: 401 (wrong, or not logged in), 429 with Retry-After (too many wrong PINs
 * too fast: wait), 423 (locked: ask the administrator). Each says what to do next.
 */
public final class LoginAnswers {

    /** Sent by the page with every request: it handles 401 itself, so the browser must not pop up its own login dialog. */
    public static final String PAGE_HEADER = "X-Requested-With";
    private static final Jsonb JSON = JsonbBuilder.create();

    private LoginAnswers() {
    }

    /** The body of every refusal; retryAfterSeconds and lockedUntil where they apply. */
    public record LoginError(int status, String error, Long retryAfterSeconds, Instant lockedUntil) {
    }

    static LoginError of(LoginResult result, Instant now) {
        return switch (result.outcome()) {
            case REFUSED, ACCEPTED -> new LoginError(401, "wrong extension or PIN", null, null);
            case WAIT -> {
                long seconds = Math.max(1, (Duration.between(now, result.until()).toMillis() + 999) / 1000);
                yield new LoginError(429, "too many wrong PINs: wait " + seconds + " s, then try again", seconds, null);
            }
            case LOCKED -> new LoginError(423, "this mailbox is locked after too many wrong PINs: ask your administrator to unlock it"
                    + (result.until() == null ? "" : ", or try again after " + result.until()), null, result.until());
        };
    }

    static LoginError notLoggedIn() {
        return new LoginError(401, "not logged in, or the session has ended: log in again", null, null);
    }

    /** As a JAX-RS response (the page's login). */
    public static Response response(LoginResult result) {
        LoginError e = of(result, Instant.now());
        Response.ResponseBuilder b = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(e);
        if (e.retryAfterSeconds() != null) {
            b.header("Retry-After", e.retryAfterSeconds());
        }
        return b.build();
    }

    /**
     * Sent from the authentication mechanism, before any resource runs: the container then shows
     * its error page for the status, which is {@link ErrorPage}, and that writes this as JSON.
     */
    static void write(HttpServletRequest request, HttpServletResponse response, LoginError e) throws IOException {
        if (e.status() == 401) {
            response.setHeader("WWW-Authenticate", fromThePage(request) ? "Session realm=\"Homebound\"" : "Basic realm=\"Homebound\", charset=\"UTF-8\"");
        }
        if (e.retryAfterSeconds() != null) {
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        request.setAttribute(ErrorPage.ERROR, e);
        response.sendError(e.status(), e.error());
    }

    static void forbidden(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
        write(request, response, new LoginError(403, why, null, null));
    }

    /** As JSON, the API's way of saying what went wrong. */
    static void writeJson(HttpServletResponse response, LoginError e) throws IOException {
        response.setContentType(MediaType.APPLICATION_JSON);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(JSON.toJson(e));
    }

    /**
     * A request from the web page (or its event stream, or with a session cookie): a BASIC challenge
     * would make the browser ask for credentials in its own dialog, and remember them.
     */
    static boolean fromThePage(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return request.getHeader(PAGE_HEADER) != null || request.getRequestedSessionId() != null
                || (accept != null && accept.contains("text/event-stream"));
    }
}
