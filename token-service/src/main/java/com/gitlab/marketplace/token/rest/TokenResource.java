package com.gitlab.marketplace.token.rest;

import com.gitlab.marketplace.token.oauth.ClientAuthenticator;
import com.gitlab.marketplace.token.oauth.ClientCredentials;
import com.gitlab.marketplace.token.oauth.GrantedScope;
import com.gitlab.marketplace.token.oauth.OAuthError;
import com.gitlab.marketplace.token.oauth.OAuthException;
import com.gitlab.marketplace.token.oauth.TokenIssuer;
import com.gitlab.marketplace.token.oauth.TokenRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The OAuth 2.0 token endpoint (client_credentials grant, RFC 6749 §4.4). Checks run in the contract's
 * order: request syntax, client, grant type, scope. Runs on the event loop: the client comes from
 * {@code ClientDirectory}'s cache and the signing key is already parsed.
 */
@Path("/oauth/token")
public class TokenResource {

    private static final Logger LOG = Logger.getLogger(TokenResource.class);
    static final String CLIENT_CREDENTIALS = "client_credentials";
    static final String REALM = "Basic realm=\"marketplace\"";

    private final ClientAuthenticator authenticator;
    private final TokenIssuer issuer;
    private final MeterRegistry metrics;
    private final Clock clock = Clock.systemUTC();

    public TokenResource(ClientAuthenticator authenticator, TokenIssuer issuer, MeterRegistry metrics) {
        this.authenticator = authenticator;
        this.issuer = issuer;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> token(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpServerRequest http,
            byte[] body) {
        String source = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        TokenRequest request;
        ClientCredentials credentials;
        try {
            request = TokenRequest.parse(contentType, body == null ? new byte[0] : body);
            credentials = ClientCredentials.from(authorization, request);
        } catch (OAuthException e) {
            return Uni.createFrom().item(error(e));
        }
        return authenticator.authenticate(credentials, source)
                .map(client -> {
                    String grantType = request.get(TokenRequest.GRANT_TYPE);
                    if (grantType == null) {
                        throw new OAuthException(OAuthError.INVALID_REQUEST, "grant_type is required");
                    }
                    if (!CLIENT_CREDENTIALS.equals(grantType)) {
                        throw new OAuthException(OAuthError.UNSUPPORTED_GRANT_TYPE,
                                "only the client_credentials grant is supported");
                    }
                    String scope = GrantedScope.resolve(request.get(TokenRequest.SCOPE), client);
                    return issuer.issue(client, scope, clock.instant());
                })
                .map(this::success)
                .onFailure(OAuthException.class).recoverWithItem(e -> error((OAuthException) e));
    }

    private Response success(TokenIssuer.IssuedToken token) {
        count("issued");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", token.expiresIn());
        body.put("scope", token.scope());
        body.put("created_at", token.createdAt());
        return noStore(Response.ok(body)).build();
    }

    private Response error(OAuthException e) {
        OAuthError error = e.error();
        count(error.code());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.code());
        body.put("error_description", e.description());
        Response.ResponseBuilder response = noStore(Response.status(error.status()).entity(body)
                .type(MediaType.APPLICATION_JSON));
        if (error == OAuthError.INVALID_CLIENT) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, REALM);
        }
        if (error == OAuthError.SLOW_DOWN) {
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            response.header(HttpHeaders.RETRY_AFTER, seconds);
            LOG.debugf("token request throttled for %d s", seconds);
        }
        return response.build();
    }

    private static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        return response.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
    }

    private void count(String outcome) {
        metrics.counter("oauth.token.requests", "outcome", outcome).increment();
    }
}
