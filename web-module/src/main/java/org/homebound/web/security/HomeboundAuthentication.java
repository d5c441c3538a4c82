package org.homebound.web.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.homebound.voicemail.application.LoginResult;
import org.homebound.voicemail.application.Logins;
import org.homebound.voicemail.configuration.HomeboundSettings;

/**
 * Who is asking, for every request to the site: the browser's session (after a login at
 * {@code POST /api/session}), or an API client's HTTP BASIC header, checked on each request. Both go
 * through {@link Logins}, so wrong PINs count the same wherever they are typed. Every change
 * (a method other than GET, HEAD, OPTIONS) must come from this site's own page: a browser's Origin
 * and Sec-Fetch-Site must say so, and a session's change must carry the session's token.
 */
@ApplicationScoped
public class HomeboundAuthentication implements HttpAuthenticationMechanism {

    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String LOGIN_PATH = "/api/session";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    Logins logins;
    @Inject
    HomeboundSettings settings;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        try {
            return validate(request, response, context);
        } catch (IOException e) {
            return AuthenticationStatus.SEND_FAILURE; // the client has gone
        }
    }

    private AuthenticationStatus validate(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) throws IOException {
        boolean change = !SAFE_METHODS.contains(request.getMethod());
        if (change) {
            String crossSite = crossSiteRefusal(request);
            if (crossSite != null) {
                LoginAnswers.forbidden(request, response, crossSite);
                return AuthenticationStatus.SEND_FAILURE;
            }
        }
        if (change && LOGIN_PATH.equals(request.getRequestURI())) {
            return context.doNothing(); // a login replaces whatever session the browser had; it has no token to show yet
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(authorization.substring(6).trim(), request, response, context);
        }
        WebLogin login = WebLogin.of(request);
        if (login != null) {
            if (login.loggedInAt().plus(settings.sessionMax()).isBefore(Instant.now()) || !logins.mayStayLoggedIn(login.username())) {
                WebLogin.end(request); // too old, or the mailbox was disabled or locked meanwhile
            } else if (change && !sameToken(request.getHeader(CSRF_HEADER), login.csrfToken())) {
                LoginAnswers.forbidden(request, response, "this change needs the page's token (" + CSRF_HEADER + "): reload the page and try again");
                return AuthenticationStatus.SEND_FAILURE;
            } else {
                return context.notifyContainerAboutLogin(login.username(), Set.of(login.role()));
            }
        }
        if (context.isProtected()) {
            LoginAnswers.write(request, response, LoginAnswers.notLoggedIn());
            return AuthenticationStatus.SEND_FAILURE;
        }
        return context.doNothing();
    }

    private AuthenticationStatus basic(String encoded, HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
            throws IOException {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = "";
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            LoginAnswers.write(request, response, new LoginAnswers.LoginError(401, "malformed BASIC credentials: expected base64 of user:password",
                    null, null));
            return AuthenticationStatus.SEND_FAILURE;
        }
        LoginResult result = logins.attempt(decoded.substring(0, colon), decoded.substring(colon + 1), ClientAddress.of(request), Logins.Channel.API);
        if (result.accepted()) {
            return context.notifyContainerAboutLogin(result.username(), Set.of(result.role()));
        }
        LoginAnswers.write(request, response, LoginAnswers.of(result, Instant.now()));
        return AuthenticationStatus.SEND_FAILURE;
    }

    /**
     * Why a change does not come from this site's page, or null. Browsers name where a request comes
     * from (Origin, Sec-Fetch-Site); a form on another site, another port or a sandboxed frame is
     * refused before it is looked at. Clients that are not browsers send neither header.
     */
    static String crossSiteRefusal(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return "changes are accepted only from this site's own pages (Sec-Fetch-Site: " + fetchSite + ")";
        }
        String origin = request.getHeader("Origin");
        if (origin != null) {
            String own = request.getScheme() + "://" + request.getHeader("Host");
            if (!origin.equalsIgnoreCase(own)) {
                return "changes are accepted only from this site's own pages (Origin " + origin + " is not " + own + ")";
            }
        }
        return null;
    }

    private static boolean sameToken(String sent, String expected) {
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
