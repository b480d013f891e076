package com.gitlab.marketplace.deploy.local;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The partner host (API.md, first paragraph): one base URL for partners and Zuora, in front of the
 * services, as an Ingress is in Kubernetes. Built on Vert.x's HTTP reverse proxy. It routes by path prefix,
 * tells each service the caller's address in {@code X-Forwarded-For} (token-service throttles by it), and
 * answers 404 for everything else, so the operator API ({@code /admin/**}) stays off the partner host.
 */
final class Gateway implements AutoCloseable {

    private static final int UPSTREAM_CONNECTIONS_PER_SERVICE = 256;

    private final Vertx vertx;
    private final HttpServer server;

    private Gateway(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /** @param routes path prefix → the service's port on this host, longest prefix first */
    static Gateway start(int port, Map<String, Integer> routes) {
        Vertx vertx = Vertx.vertx();
        Map<String, SocketAddress> origins = new LinkedHashMap<>();
        routes.forEach((prefix, servicePort) -> origins.put(prefix, SocketAddress.inetSocketAddress(servicePort,
                "127.0.0.1")));
        // Vert.x keeps 5 connections per origin by default: behind one gateway, every partner's request would
        // queue for them. A real ingress keeps a large pool of upstream keep-alive connections; so does this one.
        HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                        new PoolOptions().setHttp1MaxSize(UPSTREAM_CONNECTIONS_PER_SERVICE)))
                .originSelector(request -> Future.succeededFuture(route(origins, request).orElseThrow()))
                .addInterceptor(new ProxyInterceptor() {
                    @Override
                    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                        context.request().putHeader("X-Forwarded-For",
                                context.request().proxiedRequest().remoteAddress().hostAddress());
                        return context.sendRequest();
                    }
                });
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> {
                if (route(origins, request).isPresent()) {
                    proxy.handle(request);
                } else {
                    request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                            .end("{\"error\":\"not_found\",\"message\":\"no such resource\"}");
                }
            }).listen(port).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new Gateway(vertx, server);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the gateway could not listen on port " + port, e);
        }
    }

    private static Optional<SocketAddress> route(Map<String, SocketAddress> origins, HttpServerRequest request) {
        String path = request.path();
        return origins.entrySet().stream().filter(e -> path.equals(e.getKey()) || path.startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst();
    }

    String baseUrl() {
        return "http://localhost:" + server.actualPort();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
