package org.homebound.web.security;

import java.time.Instant;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.homebound.voicemail.application.LoginResult;
import org.homebound.voicemail.application.Logins;
import org.homebound.voicemail.application.MailboxAdministration;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.domain.account.Account;

/**
 * The web page's login: once with extension (or administrator name) and PIN (or password), then a
 * session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS) and a token for changes; the PIN
 * is not sent again. Open to everyone, like the page itself; the PIN policy applies as everywhere.
 */
@Path("session")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    @Inject
    Logins logins;
    @Inject
    HomeboundSettings settings;
    @Inject
    MailboxAdministration mailboxes;
    @Context
    HttpServletRequest request;

    public record LoginRequest(String user, String pin) {
    }

    /** The logged-in user as the page needs it; the token goes with every change. */
    public record SessionView(String user, String name, String role, String csrfToken, String site, String siteName, Instant expiresAt,
                              long idleSeconds) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(LoginRequest body) {
        if (body == null || body.user() == null || body.pin() == null) {
            throw new BadRequestException("a JSON body with user and pin is required");
        }
        LoginResult result = logins.attempt(body.user().trim(), body.pin(), ClientAddress.of(request), Logins.Channel.WEB);
        if (!result.accepted()) {
            return LoginAnswers.response(result);
        }
        WebLogin login = WebLogin.start(request, result.username(), result.role(), (int) settings.sessionIdle().toSeconds());
        return Response.ok(view(login)).build();
    }

    @GET
    public Response current() {
        WebLogin login = WebLogin.of(request);
        if (login == null || request.getUserPrincipal() == null) {
            return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE).entity(LoginAnswers.notLoggedIn()).build();
        }
        return Response.ok(view(login)).build();
    }

    @DELETE
    public Response logout() {
        WebLogin.end(request);
        return Response.noContent().build();
    }

    private SessionView view(WebLogin login) {
        String name = Account.ROLE_SUBSCRIBER.equals(login.role()) ? mailboxes.nameOf(login.username()) : null;
        return new SessionView(login.username(), name, login.role(), login.csrfToken(), settings.siteId(), settings.siteName(),
                login.loggedInAt().plus(settings.sessionMax()), settings.sessionIdle().toSeconds());
    }
}
