package org.homebound.web.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Adds the error answers every operation can give to the generated OpenAPI document, all with the
 * same body ({@link ApiError}): said once here rather than on each of the resources' methods.
 */
public class OpenApiErrors implements OASFilter {

    private static final Map<String, String> ERRORS = Map.of(
            "400", "The request is malformed or a value is refused (bad JSON, an unknown extension, an invalid address...)",
            "401", "No login, or a wrong one",
            "403", "Logged in, but not allowed (another's mailbox; a change without the session's CSRF token)",
            "404", "No such mailbox, message or site here",
            "409", "The request conflicts with what is there (exists already, no longer exists)",
            "423", "The mailbox is locked after too many wrong PINs (lockedUntil)",
            "429", "Too many wrong PINs lately: wait (Retry-After, retryAfterSeconds)");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Schema error = OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.OBJECT))
                .addProperty("status", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.INTEGER)).description("the HTTP status"))
                .addProperty("error", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)).description("what was wrong"))
                .addProperty("retryAfterSeconds", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.INTEGER)))
                .addProperty("lockedUntil", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)).format("date-time"))
                .required(java.util.List.of("status", "error"));
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("ApiError", error);
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(this::addErrors));
    }

    private void addErrors(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        ERRORS.forEach((code, text) -> {
            if (operation.getResponses().getAPIResponse(code) == null) {
                Content json = OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref("ApiError")));
                APIResponse response = OASFactory.createAPIResponse().description(text).content(json);
                operation.getResponses().addAPIResponse(code, response);
            }
        });
    }
}
