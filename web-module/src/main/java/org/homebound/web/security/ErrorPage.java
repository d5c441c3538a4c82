package org.homebound.web.security;

import java.io.IOException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

/**
 * The container's error page (web.xml) for what is refused before the API runs — not logged in,
 * locked, too fast, cross-site — and anything else that ends in an error outside the API: the
 * same JSON the API answers with, never the server's HTML page.
 */
@WebServlet("/error")
public class ErrorPage extends HttpServlet {

    static final String ERROR = ErrorPage.class.getName() + ".error";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LoginAnswers.LoginError error = request.getAttribute(ERROR) instanceof LoginAnswers.LoginError e ? e : null;
        if (error == null) {
            int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
            Response.Status known = Response.Status.fromStatusCode(status);
            String reason = known == null ? "error" : known.getReasonPhrase();
            error = new LoginAnswers.LoginError(status, status == 404 ? "no such page or resource" : reason, null, null);
        }
        LoginAnswers.writeJson(response, error);
    }
}
