package com.gitlab.marketplace.token.rest;

import com.gitlab.marketplace.oauth.scopes.Scopes;
import com.gitlab.marketplace.token.config.TokenServiceConfig;
import com.gitlab.marketplace.token.keys.SigningKeyStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What clients and resource servers need: the JWKS and the server metadata (RFC 8414), also under the OpenID
 * discovery name, so quarkus-oidc and other OIDC libraries configure themselves. The metadata says only what
 * this server supports.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class DiscoveryResource {

    private final SigningKeyStore keys;
    private final Map<String, Object> metadata;

    public DiscoveryResource(SigningKeyStore keys, TokenServiceConfig config) {
        this.keys = keys;
        String issuer = config.issuer();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("token_endpoint", issuer + "/oauth/token");
        document.put("jwks_uri", issuer + "/oauth/jwks");
        document.put("grant_types_supported", List.of("client_credentials"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        document.put("scopes_supported", List.of(Scopes.ORDER_READ, Scopes.ORDER_CREATE, Scopes.ADMIN));
        // Required by RFC 8414, and empty: there is no authorization endpoint, so no response type is supported.
        document.put("response_types_supported", List.of());
        document.put("service_documentation", issuer + "/openapi_docs/marketplace/");
        // Nothing of OpenID Connect's own (ID tokens, subject types, userinfo): this server issues access tokens
        // only. The OpenID discovery name serves the same document for libraries that look only there.
        this.metadata = Collections.unmodifiableMap(document);
    }

    @GET
    @Path("oauth/jwks")
    public Response jwks() {
        // Short caching: a rotated-in key must reach resource servers quickly (they also refetch on unknown kid).
        return Response.ok(keys.jwks()).header(HttpHeaders.CACHE_CONTROL, "public, max-age=60").build();
    }

    @GET
    @Path(".well-known/oauth-authorization-server")
    public Map<String, Object> authorizationServerMetadata() {
        return metadata;
    }

    @GET
    @Path(".well-known/openid-configuration")
    public Map<String, Object> openidConfiguration() {
        return metadata;
    }
}
