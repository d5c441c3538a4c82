package org.homebound.web.security;

import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * A browser's login, kept in its HTTP session: who, in which role, the token its page must send
 * with every change (against cross-site request forgery), and when it logged in (a session ends
 * after its maximum age however busy it is).
 */
public record WebLogin(String username, String role, String csrfToken, Instant loggedInAt) implements Serializable {

    private static final String ATTRIBUTE = WebLogin.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Starts a fresh session for this login; a session the browser had before is ended (no session fixation). */
    static WebLogin start(HttpServletRequest request, String username, String role, int idleSeconds) {
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        session.setMaxInactiveInterval(idleSeconds);
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        WebLogin login = new WebLogin(username, role, Base64.getUrlEncoder().withoutPadding().encodeToString(token), Instant.now());
        session.setAttribute(ATTRIBUTE, login);
        return login;
    }

    /** The login of the request's session, if it has one. */
    static WebLogin of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        try {
            return session.getAttribute(ATTRIBUTE) instanceof WebLogin login ? login : null;
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    static void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException already) {
                // ended meanwhile: that is what was wanted
            }
        }
    }
}
