package com.gitlab.marketplace.http.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body over {@code quarkus.http.limits.max-body-size} is refused with 413 and the platform's error body,
 * naming the limit. Quarkus's own check answers an empty 413 without a content type, unlike every other error;
 * this one runs first for every request that declares its length. A chunked body without a length still meets
 * Quarkus's check while it is read.
 */
@ApplicationScoped
public class RequestBodyLimit {

    static final String ERROR = "payload_too_large";

    private final Optional<MemorySize> limit;
    private final ObjectMapper json;

    RequestBodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit,
            ObjectMapper json) {
        this.limit = limit;
        this.json = json;
    }

    void register(@Observes Router router) {
        limit.ifPresent(max -> router.route().order(Integer.MIN_VALUE).handler(ctx -> refuseIfLarger(ctx, max)));
    }

    private void refuseIfLarger(RoutingContext ctx, MemorySize max) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || !exceeds(declared, max.asLongValue())) {
            ctx.next();
            return;
        }
        ApiError body = new ApiError(ERROR, "the request body is larger than the limit of "
                + max.asLongValue() + " bytes", null);
        try {
            // The body is not read: close the connection rather than drain an oversized upload.
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the error body did not serialise", e);
        }
    }

    private static boolean exceeds(String declaredLength, long max) {
        try {
            return Long.parseLong(declaredLength.trim()) > max;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed Content-Length itself
        }
    }
}
