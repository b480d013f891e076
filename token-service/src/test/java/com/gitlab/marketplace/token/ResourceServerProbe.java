package com.gitlab.marketplace.token;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** A resource protected by quarkus-oidc, configured only with our issuer URL (discovery does the rest). */
@Path("/resource-server-probe")
public class ResourceServerProbe {

    @GET
    @Authenticated
    @Produces(MediaType.TEXT_PLAIN)
    public String whoami(@Context SecurityContext security) {
        return security.getUserPrincipal().getName();
    }
}
