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
     * The address the sandboxes listen on: loopback unless {@code SANDBOX_HOST} says otherwise (the chart sets
     * 0.0.0.0 in its pods). Their knobs are unauthenticated, so on a shared machine they stay off the network.
     */
    public static final String HOST = System.getenv().getOrDefault("SANDBOX_HOST", "127.0.0.1");

    /**
     * Serves {@code router} on {@link #HOST} and {@code port} (0: any free one) and returns once it listens.
     *
     * @throws IllegalStateException naming the sandbox and the port when it cannot listen
     */
    public static HttpServer listen(Vertx vertx, Router router, int port, String sandbox) {
        try {
            return vertx.createHttpServer().requestHandler(router).listen(port, HOST)
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
