package com.gitlab.marketplace.zuora.rest;

import com.gitlab.marketplace.http.errors.ApiError;
import com.gitlab.marketplace.zuora.service.Callout;
import com.gitlab.marketplace.zuora.service.CalloutService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Zuora's callouts (API.md §3): authenticated ({@link CalloutAuthentication}), deduplicated by
 * {@code Zuora-Notification-Id}, checked against the connector's record ({@link CalloutService}). 200 once
 * the callout's effect and events are committed (or it was refused for good); 503 otherwise, so Zuora sends it
 * again. Answers never carry internal detail.
 */
@Path("/api/v1/zuora/callouts")
public class CalloutResource {

    private static final Logger LOG = Logger.getLogger(CalloutResource.class);
    private static final String CHALLENGE = "Basic realm=\"zuora-callouts\", charset=\"UTF-8\"";

    private final CalloutService callouts;
    private final CalloutAuthentication authentication;

    public CalloutResource(CalloutService callouts, CalloutAuthentication authentication) {
        this.callouts = callouts;
        this.authentication = authentication;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("Zuora-Notification-Id") String notificationId,
            @HeaderParam(CalloutAuthentication.SIGNATURE_HEADER) String signature, @Context HttpServerRequest request) {
        String source = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        CalloutAuthentication.Verdict verdict = authentication.check(authorization, body, signature, source);
        if (verdict instanceof CalloutAuthentication.Throttled throttled) {
            return Uni.createFrom().item(Response.status(429).header("Retry-After",
                            Math.max(1, throttled.retryAfter().toSeconds())).type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError("too_many_failures", "too many failed authentications from this address; "
                            + "try again later", null)).build());
        }
        if (verdict instanceof CalloutAuthentication.Challenge
                || verdict instanceof CalloutAuthentication.Refused refused && "unauthorized".equals(refused.error())) {
            return Uni.createFrom().item(Response.status(401).header("WWW-Authenticate", CHALLENGE)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError("unauthorized", "send the callout's Basic credentials", null)).build());
        }
        if (verdict instanceof CalloutAuthentication.Refused refused) {
            LOG.warnf("callout %s from %s refused: %s", notificationId, source, refused.message());
            return Uni.createFrom().item(error(401, refused.error(), refused.message()));
        }
        if (notificationId == null || notificationId.isBlank() || notificationId.length() > 255) {
            return Uni.createFrom().item(error(400, "malformed_callout", "Zuora-Notification-Id is required"));
        }
        Callout callout;
        try {
            callout = Callout.parse(body == null ? new byte[0] : body);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(error(400, "malformed_callout", e.getMessage()));
        }
        return callouts.receive(notificationId, callout)
                .map(outcome -> switch (outcome) {
                    case ACCEPTED, DUPLICATE, REFUSED -> Response.ok(Map.of("received", true)).build();
                    case NOT_YET -> error(503, "not_ready", "try again later");
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "callout %s could not be recorded; Zuora will send it again", notificationId);
                    return error(503, "not_ready", "try again later");
                });
    }

    private static Response error(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(error, message, null)).build();
    }
}
