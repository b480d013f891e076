package com.gitlab.marketplace.zuora.rest;

import com.gitlab.marketplace.http.errors.ApiError;
import com.gitlab.marketplace.zuora.config.ZuoraConnectorConfig;
import com.gitlab.marketplace.zuora.service.Callout;
import com.gitlab.marketplace.zuora.service.CalloutService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Zuora's callouts (API.md §3). Basic authentication with the 401 challenge Zuora waits for before it
 * sends credentials, an optional HMAC signature of the raw body, dedupe by {@code Zuora-Notification-Id}.
 * 200 only once the event is acknowledged by Kafka; 503 otherwise, so Zuora sends it again. Answers never
 * carry internal detail.
 */
@Path("/api/v1/zuora/callouts")
public class CalloutResource {

    static final String SIGNATURE_HEADER = "X-Zuora-Signature";
    private static final Logger LOG = Logger.getLogger(CalloutResource.class);
    private static final String CHALLENGE = "Basic realm=\"zuora-callouts\", charset=\"UTF-8\"";

    private final CalloutService callouts;
    private final byte[] expectedCredentials;
    private final byte[] hmacSecret;

    public CalloutResource(CalloutService callouts, ZuoraConnectorConfig config) {
        this.callouts = callouts;
        this.expectedCredentials = (config.callout().username() + ":" + config.callout().password())
                .getBytes(StandardCharsets.UTF_8);
        this.hmacSecret = config.callout().hmacSecret().map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> receive(byte[] body, @HeaderParam("Authorization") String authorization,
            @HeaderParam("Zuora-Notification-Id") String notificationId,
            @HeaderParam(SIGNATURE_HEADER) String signature) {
        if (!authenticated(authorization)) {
            return Uni.createFrom().item(Response.status(401).header("WWW-Authenticate", CHALLENGE)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError("unauthorized", "send the callout's Basic credentials", null)).build());
        }
        if (hmacSecret != null && !signedCorrectly(body, signature)) {
            LOG.warnf("callout %s refused: missing or wrong %s", notificationId, SIGNATURE_HEADER);
            return Uni.createFrom().item(error(401, "invalid_signature",
                    SIGNATURE_HEADER + " is missing or does not match the body"));
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
                    case PUBLISHED, DUPLICATE -> Response.ok(Map.of("received", true)).build();
                    case NOT_CORRELATED -> {
                        LOG.infof("callout %s for subscription %s is not correlated to an order yet; Zuora will "
                                + "send it again", notificationId, callout.subscriptionNumber());
                        yield error(503, "not_ready", "try again later");
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "callout %s could not be published; Zuora will send it again", notificationId);
                    return error(503, "not_ready", "try again later");
                });
    }

    private boolean authenticated(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expectedCredentials, given);
    }

    private boolean signedCorrectly(byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacSecret, "HmacSHA256"));
            byte[] expected = mac.doFinal(body == null ? new byte[0] : body);
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.trim()));
        } catch (IllegalArgumentException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static Response error(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(error, message, null)).build();
    }
}
