package com.gitlab.marketplace.order.security;

import com.gitlab.marketplace.http.errors.ApiError;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Bearer token failures as RFC 6750 says: 401 with {@code error="invalid_token"} for a missing, invalid
 * or expired token, 403 with {@code error="insufficient_scope"} for a valid token lacking the scope.
 */
public class AuthenticationErrors {

    private static final String REALM = "Bearer realm=\"marketplace\"";

    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        return respond(401, REALM + ", error=\"invalid_token\", error_description=\"the access token is invalid or expired\"",
                new ApiError("invalid_token", "the access token is invalid or expired", null));
    }

    @ServerExceptionMapper
    public Response revokedToken(ActiveCallers.RevokedToken e) {
        return respond(401, REALM + ", error=\"invalid_token\", error_description=\"the access token was revoked\"",
                new ApiError("invalid_token", "the access token was revoked: its client is disabled", null));
    }

    @ServerExceptionMapper
    public Response missingToken(UnauthorizedException e) {
        return respond(401, REALM + ", error=\"invalid_token\"",
                new ApiError("invalid_token", "send an access token as Authorization: Bearer <token>", null));
    }

    @ServerExceptionMapper
    public Response insufficientScope(ForbiddenException e) {
        return respond(403, REALM + ", error=\"insufficient_scope\"",
                new ApiError("insufficient_scope", "the access token lacks the scope this operation needs", null));
    }

    private static Response respond(int status, String challenge, ApiError body) {
        return Response.status(status).header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
