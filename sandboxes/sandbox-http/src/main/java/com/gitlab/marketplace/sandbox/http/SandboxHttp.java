package com.gitlab.marketplace.sandbox.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/** What the sandboxes' HTTP servers share: starting synchronously, and answering JSON. */
public final class SandboxHttp {

    private SandboxHttp() {
    }

    /**
     * Serves {@code router} on {@code port} (0: any free one) and returns once it listens.
     *
     * @throws IllegalStateException naming the sandbox and the port when it cannot listen
     */
    public static HttpServer listen(Vertx vertx, Router router, int port, String sandbox) {
        try {
            return vertx.createHttpServer().requestHandler(router).listen(port)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the " + sandbox + " sandbox", e);
        } catch (Exception e) {
            throw new IllegalStateException("the " + sandbox + " sandbox could not listen on port " + port, e);
        }
    }

    /** Answers {@code body} (an object or an array) as JSON with {@code status}. */
    public static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json;charset=UTF-8")
                .end(body instanceof JsonObject object ? object.encode() : ((JsonArray) body).encode());
    }
}
