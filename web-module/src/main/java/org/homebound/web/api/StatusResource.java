package org.homebound.web.api;

import java.util.Map;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.homebound.voicemail.configuration.HomeboundSettings;

/**
 * Unauthenticated liveness check for scripts, load balancers and peer sites' availability
 * monitors. It names the site (so a peer can tell it reached the site it meant) and nothing more.
 */
@Path("status")
@RequestScoped
public class StatusResource {

    @Inject
    HomeboundSettings settings;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> status() {
        return Map.of("status", "UP", "site", settings.siteId());
    }
}
