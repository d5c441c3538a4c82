package org.homebound.web.api;

import java.util.Map;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Unauthenticated liveness check for scripts and load balancers; says nothing about the site. */
@Path("status")
public class StatusResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> status() {
        return Map.of("status", "UP");
    }
}
