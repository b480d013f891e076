package com.gitlab.marketplace.deploy.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** HTTP calls as partners and operators make them against the running stack: the demo's and the end-to-end tests'. */
public final class StackClient {

    public static final ObjectMapper JSON = new ObjectMapper();

    // HTTP/1.1: by default the JDK client offers an h2c upgrade, and a large answer of a sandbox's Vert.x server
    // over the upgraded connection can stall with its headers received, past any request timeout.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String gatewayUrl;

    public StackClient(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    /** {@code POST /oauth/token} on the partner host, client_credentials with HTTP Basic, as answered. */
    public HttpResponse<String> requestToken(String clientId, String secret, String scope) {
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/oauth/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + URLEncoder.encode(scope, StandardCharsets.UTF_8))));
    }

    /** A token's response body, failing unless it was granted. */
    public JsonNode token(String clientId, String secret, String scope) {
        return expect(requestToken(clientId, secret, scope), 200);
    }

    /**
     * A JSON call with a bearer token, as answered.
     *
     * @param token   the bearer token; null for none
     * @param body    serialized as JSON; null for none
     * @param headers extra headers, name and value in turn
     */
    public HttpResponse<String> call(String method, String url, String token, Object body, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .method(method, json(body));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (headers.length > 0) {
                request.headers(headers);
            }
            return send(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An unauthenticated JSON call (the sandboxes' operator knobs), failing on an error status. */
    public JsonNode plain(String method, String url, Object body) {
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .method(method, json(body)));
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls an order as a partner would until it has {@code wanted}; returns every status seen, in order. */
    public List<String> awaitStatus(String url, String token, String wanted, Duration timeout)
            throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String status = expect(call("GET", url, token, null), 200).path("status").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            if (status.equals(wanted)) {
                return seen;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(url + " did not become " + wanted + " within " + timeout.toSeconds()
                        + " s; statuses seen: " + seen);
            }
            Thread.sleep(100);
        }
    }

    /** The body as JSON, failing with what came back unless the status is {@code status}. */
    public static JsonNode expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + " instead of " + status + ": " + response.body());
        }
        try {
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An order as API.md §2.1 shows it, with its own id, trading partner and customer email. */
    public static Map<String, Object> order(String externalSubscriptionId, String tradingPartnerId,
            String customerEmail) {
        return Map.of("externalSubscriptionId", externalSubscriptionId,
                "tradingPartnerId", tradingPartnerId,
                "customer", Map.of("companyName", "Acme Corp",
                        "contact", Map.of("firstName", "Ada", "lastName", "Lovelace", "email", customerEmail),
                        "address", Map.of("address1", "1 Main St", "city", "Springfield", "state", "IL",
                                "postalCode", "62701", "country", "US")),
                "orderLines", List.of(Map.of("productId", "premium-saas-1y", "quantity", 25)));
    }

    private static HttpRequest.BodyPublisher json(Object body) throws IOException {
        return body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
