package com.gitlab.marketplace.token.rest.admin;

import com.gitlab.marketplace.http.errors.ApiError;
import com.gitlab.marketplace.oauth.scopes.Scopes;
import com.gitlab.marketplace.token.client.ClientDirectory;
import com.gitlab.marketplace.token.client.OAuthClient;
import com.gitlab.marketplace.token.oauth.AccessTokenVerifier;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards {@code /admin/**}: a valid access token of ours with scope {@code marketplace.admin}. Answers as
 * RFC 6750 says: 401 {@code invalid_token} without a valid token, 403 {@code insufficient_scope} without
 * the scope, 401 {@code invalid_token} too when the token's client has since been disabled or removed: checked
 * in the client directory on every call (cached, dropped on every replica when a client changes), so disabling
 * an operator client ends its tokens' power over this API (clients, partners, keys) at once, not at their
 * expiry. The token's subject is kept as the acting operator for the audit log.
 */
public class OperatorAuthentication {

    static final String OPERATOR = "marketplace.operator";
    private static final String BEARER = "bearer ";

    private final AccessTokenVerifier verifier;
    private final ClientDirectory clients;

    public OperatorAuthentication(AccessTokenVerifier verifier, ClientDirectory clients) {
        this.verifier = verifier;
        this.clients = clients;
    }

    /** Null lets the request through; a response refuses it. */
    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/admin") && !path.startsWith("/admin/")) {
            return Uni.createFrom().nullItem();
        }
        Optional<Response> refused = checkToken(request);
        if (refused.isPresent()) {
            return Uni.createFrom().item(refused.get());
        }
        String subject = operator(request);
        return clients.find(subject).map(client -> client.filter(OAuthClient::enabled).isPresent() ? null
                : refuse(401, "Bearer realm=\"marketplace\", error=\"invalid_token\"", "invalid_token",
                        "the access token's client is disabled or no longer exists"));
    }

    private Optional<Response> checkToken(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.of(refuse(401, "Bearer realm=\"marketplace\"", "unauthorized",
                    "send an access token with scope " + Scopes.ADMIN + " as Authorization: Bearer <token>"));
        }
        Optional<AccessTokenVerifier.VerifiedToken> token =
                verifier.verify(authorization.substring(BEARER.length()).trim());
        if (token.isEmpty()) {
            return Optional.of(refuse(401, "Bearer realm=\"marketplace\", error=\"invalid_token\"", "invalid_token",
                    "the access token is invalid or expired"));
        }
        if (!token.get().scopes().contains(Scopes.ADMIN)) {
            return Optional.of(refuse(403,
                    "Bearer realm=\"marketplace\", error=\"insufficient_scope\", scope=\"" + Scopes.ADMIN + "\"",
                    "insufficient_scope", "the access token lacks scope " + Scopes.ADMIN));
        }
        request.setProperty(OPERATOR, token.get().subject());
        return Optional.empty();
    }

    static String operator(ContainerRequestContext request) {
        return String.valueOf(request.getProperty(OPERATOR));
    }

    private static Response refuse(int status, String challenge, String error, String message) {
        return Response.status(status)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(error, message, null))
                .build();
    }
}
