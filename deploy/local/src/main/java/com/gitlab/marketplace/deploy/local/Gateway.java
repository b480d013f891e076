package com.gitlab.marketplace.deploy.local;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The partner host (API.md, first paragraph): one base URL for partners and Zuora, in front of the
 * services, as an Ingress is in Kubernetes. Built on Vert.x's HTTP reverse proxy. It routes by path prefix,
 * tells each service the caller's address in {@code X-Forwarded-For} (token-service throttles by it), and
 * answers 404 for everything else, so the operator API ({@code /admin/**}) and {@code /q/**} stay off the
 * partner host.
 *
 * <p>It routes on the path exactly as the caller sent it, and the services behind it resolve dot segments and
 * percent-encodings themselves: {@code /oauth/../admin/partners} starts with {@code /oauth/} here and is
 * {@code /admin/partners} there. So a path that a service could read differently from the gateway (a dot
 * segment, an encoded dot, slash, backslash or percent sign, a {@code ;} parameter, an empty segment) is not
 * forwarded at all: the partner surface never needs one, and refusing is safer than guessing which
 * normalisation the service applies.
 */
final class Gateway implements AutoCloseable {

    private static final int UPSTREAM_CONNECTIONS_PER_SERVICE = 256;
    /**
     * The slowest partner call (a POST that waits 10 s for the order's status) answers well within this; shorter
     * than the client's idle timeout, so a hung upstream gets the client an error answer, not a cut connection.
     */
    private static final int UPSTREAM_TIMEOUT_SECONDS = 25;
    /** A client that sends nothing for this long (slow or stalled) loses its connection. */
    private static final int CLIENT_IDLE_TIMEOUT_SECONDS = 30;
    private static final int MAX_REQUEST_LINE = 4096;
    private static final int MAX_HEADERS = 16 * 1024;
    /** The largest partner body (an order with its lines) is a few kilobytes. */
    private static final long MAX_BODY_BYTES = 256 * 1024;
    private static final String RAW_PATH_SYMBOLS = "/-._~!$&'()*+,=:@";
    private static final String AMBIGUOUS_WHEN_DECODED = "./\\%";
    private static final String NOT_FOUND = "{\"error\":\"not_found\",\"message\":\"no such resource\"}";

    private final Vertx vertx;
    private final HttpServer server;

    private Gateway(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /**
     * @param routes path → the service's port on this host, longest first; each covers itself and what lies
     *               under it, like an Ingress's {@code Prefix} path
     */
    static Gateway start(int port, Map<String, Integer> routes) {
        Vertx vertx = Vertx.vertx();
        Map<String, SocketAddress> origins = new LinkedHashMap<>();
        routes.forEach((prefix, servicePort) -> origins.put(prefix, SocketAddress.inetSocketAddress(servicePort,
                "127.0.0.1")));
        // Vert.x keeps 5 connections per origin by default: behind one gateway, every partner's request would
        // queue for them. A real ingress keeps a large pool of upstream keep-alive connections; so does this one.
        HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                                .setConnectTimeout(5_000).setIdleTimeout(UPSTREAM_TIMEOUT_SECONDS),
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
            HttpServerOptions options = new HttpServerOptions().setIdleTimeout(CLIENT_IDLE_TIMEOUT_SECONDS)
                    .setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_HEADERS);
            HttpServer server = vertx.createHttpServer(options).requestHandler(request -> {
                if (route(origins, request).isEmpty()) {
                    refuse(request, 404, NOT_FOUND);
                } else if (declaredBodyLength(request) > MAX_BODY_BYTES) {
                    refuse(request, 413, "{\"error\":\"payload_too_large\",\"message\":\"the request body is "
                            + "larger than " + MAX_BODY_BYTES + " bytes\"}");
                } else {
                    proxy.handle(request);
                }
            }).listen(port).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new Gateway(vertx, server);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the gateway could not listen on port " + port, e);
        }
    }

    /**
     * The service for this path, if the path is on the partner surface and unambiguous. A route covers its path
     * and what lies under it: {@code /openapi} is not {@code /openapi-operator}.
     */
    private static Optional<SocketAddress> route(Map<String, SocketAddress> origins, HttpServerRequest request) {
        String path = request.path();
        if (!unambiguous(path)) {
            return Optional.empty();
        }
        return origins.entrySet().stream().filter(e -> covers(e.getKey(), path)).map(Map.Entry::getValue)
                .findFirst();
    }

    private static boolean covers(String prefix, String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /**
     * Absolute; only characters a path segment may hold raw (RFC 3986 {@code pchar}, without {@code ;}, which
     * some servers read as a parameter) or percent-encoded; nothing encoded that a service would decode into a
     * dot, a separator, a second round of decoding or a control character; no empty, "." or ".." segment. A
     * partner's own id in a path ({@code GET …/subscriptions/PO%20123}) passes.
     */
    static boolean unambiguous(String path) {
        if (path == null || !path.startsWith("/") || path.contains("//")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                int high = i + 2 < path.length() ? Character.digit(path.charAt(i + 1), 16) : -1;
                int low = i + 2 < path.length() ? Character.digit(path.charAt(i + 2), 16) : -1;
                int encoded = high * 16 + low;
                if (high < 0 || low < 0 || encoded < 0x20 || encoded == 0x7f || AMBIGUOUS_WHEN_DECODED.indexOf(encoded) >= 0
                        || encoded == 0xc0 || encoded == 0xc1) { // 0xc0, 0xc1: overlong UTF-8 for '.' and '/'
                    return false;
                }
                i += 2;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || RAW_PATH_SYMBOLS.indexOf(c) >= 0)) {
                return false;
            }
        }
        return Arrays.stream(path.split("/")).noneMatch(segment -> segment.equals(".") || segment.equals(".."));
    }

    private static long declaredBodyLength(HttpServerRequest request) {
        try {
            String length = request.getHeader("Content-Length");
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void refuse(HttpServerRequest request, int status, String body) {
        // The body is not read: the connection closes rather than drain what the caller still sends.
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close").end(body);
    }

    String baseUrl() {
        return "http://localhost:" + server.actualPort();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
