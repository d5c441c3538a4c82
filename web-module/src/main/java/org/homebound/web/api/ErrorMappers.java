package org.homebound.web.api;

import jakarta.ejb.EJBException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.homebound.voicemail.application.VoicemailException;
import org.jboss.logging.Logger;

/** Every failure leaves as JSON with a status a client can act on; nothing leaks a stack trace. */
public final class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(status, message)).build();
    }

    @Provider
    public static class Voicemail implements ExceptionMapper<VoicemailException> {
        @Override
        public Response toResponse(VoicemailException e) {
            int status = switch (e.kind()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case INVALID -> 400;
            };
            return error(status, e.getMessage());
        }
    }

    /** Unparseable JSON: RESTEasy reports it as a ProcessingException or a JsonbException. */
    @Provider
    public static class BadJson implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException e) {
            return error(400, "request body is not valid JSON for this resource: " + rootMessage(e));
        }
    }

    @Provider
    public static class Processing implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            return error(400, "request body could not be read: " + rootMessage(e));
        }
    }

    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (e.getCause() instanceof JsonbException || e.getCause() instanceof ProcessingException) {
                return error(400, "request body is not valid JSON for this resource: " + rootMessage(e));
            }
            String message = e instanceof NotFoundException ? "no such resource" : e.getMessage();
            return error(status, message == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : message);
        }
    }

    /** An EJB wraps our exceptions only when they are not application exceptions; unwrap what we can. */
    @Provider
    public static class Ejb implements ExceptionMapper<EJBException> {
        @Override
        public Response toResponse(EJBException e) {
            Throwable cause = e.getCause();
            if (cause instanceof VoicemailException v) {
                return new Voicemail().toResponse(v);
            }
            LOG.error("request failed", e);
            return error(500, "internal error; the server log has the details");
        }
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        if (m == null) {
            return root.getClass().getSimpleName();
        }
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
