package org.homebound.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.ExternalDocumentation;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/**
 * The REST API at /api, described at /openapi: HTTP BASIC for scripts (mailbox number and PIN, or
 * an administrator's name and password), or the web page's session cookie with its CSRF token on
 * every change. Every error is an {@link ApiError} ({@link OpenApiErrors} adds them to each operation).
 */
@ApplicationPath("/api")
@OpenAPIDefinition(
        info = @Info(title = "Homebound voicemail", version = "1",
                description = "Mailboxes, messages, greetings and email settings for subscribers; mailboxes, the network of sites, "
                        + "the directory, held and undeliverable messages and the email outbox for administrators.",
                // WildFly's document for the host always has a licence and external docs object: they must not be empty.
                license = @License(name = "All rights reserved", identifier = "LicenseRef-AllRightsReserved")),
        externalDocs = @ExternalDocumentation(description = "This site's web inbox and administrator console", url = "/"),
        securitySets = {
                @SecurityRequirementsSet(@SecurityRequirement(name = "basic")),
                @SecurityRequirementsSet({@SecurityRequirement(name = "session"), @SecurityRequirement(name = "csrf")})})
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic",
                description = "Mailbox number and PIN, or an administrator's name and password. Wrong PINs are slowed (429) and lock (423)."),
        @SecurityScheme(securitySchemeName = "session", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE, apiKeyName = "JSESSIONID",
                description = "The web page's session, from POST /api/session."),
        @SecurityScheme(securitySchemeName = "csrf", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, apiKeyName = "X-CSRF-Token",
                description = "The csrfToken of the session, on every request that changes something.")})
public class HomeboundApi extends Application {
}
