package com.gitlab.marketplace.http.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A request whose path holds a dot segment, an encoded dot, slash or backslash, or a backslash is 404, before
 * any route sees it. The partner host routes on the path as sent ({@code /oauth/…} to token-service), and this
 * service would otherwise resolve {@code /oauth/../admin/partners} to its operator API: whatever ingress stands
 * in front, a path reaches only what it names. No partner or operator path needs such a form (an id with other
 * percent-encoded characters still passes).
 */
@ApplicationScoped
public class AmbiguousPathRefusal {

    private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)");

    private final ObjectMapper json;

    AmbiguousPathRefusal(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::refuseIfAmbiguous);
    }

    static boolean ambiguous(String rawPath) {
        if (rawPath == null) {
            return false; // no path to read two ways (e.g. OPTIONS *); the router answers it
        }
        String path = rawPath.toLowerCase(Locale.ROOT);
        return path.contains("%2e") || path.contains("%2f") || path.contains("%5c") || path.contains("\\")
                || DOT_SEGMENT.matcher(path).find();
    }

    private void refuseIfAmbiguous(RoutingContext ctx) {
        if (!ambiguous(ctx.request().path())) {
            ctx.next();
            return;
        }
        try {
            ctx.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(json.writeValueAsString(new ApiError("not_found", "no such resource", null)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the error body did not serialise", e);
        }
    }
}
