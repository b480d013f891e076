package com.gitlab.marketplace.sandbox.zuora;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox behaves like Zuora where the connector depends on it (API.md §4). */
class ZuoraSandboxTests {

    private final HttpClient http = HttpClient.newHttpClient();
    private ZuoraSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = ZuoraSandbox.start(new SandboxSettings(0, "client", "secret", Duration.ofSeconds(3599),
                List.of("A00001234"), 20, SandboxSettings.CalloutSettings.none()));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void tokensAreOneHourBearerTokensAndEveryCallNeedsOne() throws Exception {
        HttpResponse<String> refused = post("/oauth/token", null, "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=client&client_secret=wrong", null);
        assertThat(refused.statusCode()).isEqualTo(401);

        HttpResponse<String> granted = post("/oauth/token", null, "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=client&client_secret=secret", null);
        JsonObject token = new JsonObject(granted.body());
        assertThat(token.getString("token_type")).isEqualTo("bearer");
        assertThat(token.getLong("expires_in")).isEqualTo(3599);

        HttpResponse<String> anonymous = post("/v1/orders", null, "application/json", order(5).encode(), null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(anonymous.body()).getJsonArray("reasons").getJsonObject(0).getLong("code") % 100)
                .isEqualTo(11);
    }

    @Test
    void businessErrorsAreHttp200WithCodedReasonsAndHeadersAreZuoras() throws Exception {
        String bearer = token();
        HttpResponse<String> invalid = post("/v1/orders", bearer, "application/json", order(0).encode(), null);
        assertThat(invalid.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(invalid.body());
        assertThat(body.getBoolean("success")).isFalse();
        assertThat(body.getJsonArray("reasons").getJsonObject(0).getLong("code") % 100).isEqualTo(20);
        assertThat(invalid.headers().firstValue("Zuora-Request-Id")).isPresent();
        assertThat(invalid.headers().firstValue("RateLimit-Limit")).contains("20");

        HttpResponse<String> created = post("/v1/orders", bearer, "application/json", order(5).encode(), null,
                "Zuora-Track-Id", "track-1");
        assertThat(created.headers().firstValue("Zuora-Track-Id")).contains("track-1");
        JsonObject result = new JsonObject(created.body());
        assertThat(result.getBoolean("success")).isTrue();
        assertThat(result.getString("status")).isEqualTo("Completed");
        assertThat(result.getJsonArray("subscriptionNumbers").getString(0)).matches("A-S\\d{8}");
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswerAndRefusesARepeatInFlight() throws Exception {
        String bearer = token();
        HttpResponse<String> first = post("/v1/orders", bearer, "application/json", order(5).encode(), "key-1");
        HttpResponse<String> again = post("/v1/orders", bearer, "application/json", order(5).encode(), "key-1");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(subscriptions()).hasSize(1);

        put("/sandbox/faults", new JsonObject().put("latencyMs", 1500));
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/v1/orders", bearer, "application/json", order(5).encode(), "key-2");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500); // the first request has claimed the key and is still being processed
        HttpResponse<String> inFlight = post("/v1/orders", bearer, "application/json", order(5).encode(), "key-2");
        assertThat(slow.get().statusCode()).isEqualTo(200);
        assertThat(inFlight.statusCode()).isEqualTo(409);
        assertThat(subscriptions()).hasSize(2);
    }

    @Test
    void overTheRateLimitTheAnswerIs429WithRetryAfter() throws Exception {
        String bearer = token();
        HttpResponse<String> last = null;
        for (int i = 0; i < 25 && (last == null || last.statusCode() != 429); i++) {
            last = get("/v1/accounts/A00001234", bearer);
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.headers().firstValue("RateLimit-Remaining")).contains("0");
    }

    @Test
    void aCalloutAnswered503IsSentAgainEvenWithNoConfiguredDelay() throws Exception {
        // A receiver that is a moment behind: 503 first (its record not yet committed), then 200.
        AtomicInteger received = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/callouts", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(received.incrementAndGet() == 1 ? 503 : 200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            put("/sandbox/callout-settings", new JsonObject().put("url", "http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/callouts").put("delayMs", 0).put("maxAttempts", 3));
            post("/v1/orders", token(), "application/json", order(5).encode(), null);

            // The sandbox records an attempt once its answer is in, a moment after the receiver counted it.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            JsonArray attempts = new JsonArray(get("/sandbox/callouts", null).body());
            while (attempts.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                attempts = new JsonArray(get("/sandbox/callouts", null).body());
            }
            assertThat(attempts).hasSize(2);
            assertThat(attempts.getJsonObject(0).getInteger("status")).isEqualTo(503);
            assertThat(attempts.getJsonObject(1).getInteger("status")).isEqualTo(200);
            assertThat(attempts.getJsonObject(1).getString("notificationId"))
                    .isEqualTo(attempts.getJsonObject(0).getString("notificationId"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void amendmentsMakeANewVersionEachAndACancelledSubscriptionTakesNoMore() throws Exception {
        String bearer = token();
        String number = new JsonObject(post("/v1/orders", bearer, "application/json", order(5).encode(), null).body())
                .getJsonArray("subscriptionNumbers").getString(0);
        JsonObject first = new JsonObject(get("/v1/subscriptions/" + number, bearer).body());
        assertThat(first.getInteger("version")).isEqualTo(1);
        assertThat(first.getString("termStartDate")).isEqualTo("2026-11-21");
        assertThat(first.getString("termEndDate")).isEqualTo("2027-11-21");
        JsonObject ratePlan = first.getJsonArray("ratePlans").getJsonObject(0);
        String charge = ratePlan.getJsonArray("ratePlanCharges").getJsonObject(0).getString("number");

        JsonObject wrongCharge = amend(bearer, number, "CHG-1", new JsonObject().put("type", "UpdateProduct")
                .put("updateProduct", update(ratePlan.getString("id"), "C-99999999", 9)));
        assertThat(wrongCharge.getBoolean("success")).isFalse();
        assertThat(wrongCharge.getJsonArray("reasons").getJsonObject(0).getLong("code") % 100).isEqualTo(20);

        JsonObject nine = amend(bearer, number, "CHG-2", new JsonObject().put("type", "UpdateProduct")
                .put("updateProduct", update(ratePlan.getString("id"), charge, 9)));
        assertThat(nine.getBoolean("success")).isTrue();
        JsonObject second = new JsonObject(get("/v1/subscriptions/" + number, bearer).body());
        assertThat(second.getInteger("version")).isEqualTo(2);
        assertThat(second.getJsonArray("ratePlans").getJsonObject(0).getJsonArray("ratePlanCharges").getJsonObject(0)
                .getInteger("quantity")).isEqualTo(9);
        assertThat(second.getString("orderNumber")).isEqualTo(nine.getString("orderNumber"));
        JsonObject versionOne = new JsonObject(get("/v1/subscriptions/" + number + "/versions/1", bearer).body());
        assertThat(versionOne.getJsonArray("ratePlans").getJsonObject(0).getJsonArray("ratePlanCharges")
                .getJsonObject(0).getInteger("quantity")).isEqualTo(5);

        assertThat(amend(bearer, number, "CHG-3", new JsonObject().put("type", "RenewSubscription")
                .put("renewSubscription", new JsonObject())).getBoolean("success")).isTrue();
        JsonObject renewed = new JsonObject(get("/v1/subscriptions/" + number, bearer).body());
        assertThat(renewed.getString("termStartDate")).isEqualTo("2027-11-21");
        assertThat(renewed.getString("termEndDate")).isEqualTo("2028-11-21");

        assertThat(amend(bearer, number, "CHG-4", new JsonObject().put("type", "CancelSubscription")
                .put("cancelSubscription", new JsonObject().put("cancellationPolicy", "EndOfCurrentTerm")))
                .getBoolean("success")).isTrue();
        JsonObject cancelled = new JsonObject(get("/v1/subscriptions/" + number, bearer).body());
        assertThat(cancelled.getString("status")).isEqualTo("Cancelled");
        assertThat(cancelled.getBoolean("autoRenew")).isFalse();
        assertThat(cancelled.getString("subscriptionEndDate")).isEqualTo("2028-11-21");
        assertThat(cancelled.getInteger("version")).isEqualTo(4);

        JsonObject afterCancel = amend(bearer, number, "CHG-5", new JsonObject().put("type", "UpdateProduct")
                .put("updateProduct", update(ratePlan.getString("id"), charge, 12)));
        assertThat(afterCancel.getBoolean("success")).isFalse();
        assertThat(afterCancel.getJsonArray("reasons").getJsonObject(0).getLong("code") % 100).isEqualTo(30);

        JsonArray orders = new JsonObject(get("/v1/orders/subscription/" + number, bearer).body())
                .getJsonArray("orders");
        assertThat(orders.stream().map(o -> ((JsonObject) o).getJsonObject("customFields")
                .getString("MarketplaceChangeId__c")).toList()).containsExactly(null, "CHG-2", "CHG-3", "CHG-4");
    }

    private JsonObject amend(String bearer, String number, String changeId, JsonObject action) throws Exception {
        JsonObject order = new JsonObject().put("orderDate", "2026-12-01").put("existingAccountNumber", "A00001234")
                .put("customFields", new JsonObject().put("MarketplaceChangeId__c", changeId))
                .put("subscriptions", new JsonArray().add(new JsonObject().put("subscriptionNumber", number)
                        .put("orderActions", new JsonArray().add(action))));
        return new JsonObject(post("/v1/orders", bearer, "application/json", order.encode(), null).body());
    }

    private static JsonObject update(String ratePlanId, String chargeNumber, int quantity) {
        return new JsonObject().put("ratePlanId", ratePlanId).put("chargeUpdates", new JsonArray().add(new JsonObject()
                .put("chargeNumber", chargeNumber).put("pricing", new JsonObject().put("recurringPerUnit",
                        new JsonObject().put("quantity", quantity)))));
    }

    private static JsonObject order(int quantity) {
        JsonObject create = new JsonObject()
                .put("newSubscriptionOwnerAccount", new JsonObject().put("name", "Acme").put("billToContact",
                        new JsonObject().put("firstName", "Ada").put("lastName", "Lovelace")))
                .put("terms", new JsonObject().put("initialTerm", new JsonObject().put("period", 12)))
                .put("subscribeToRatePlans", new JsonArray().add(new JsonObject()
                        .put("productRatePlanId", "8a28aa0b7e1c4d01017e1f0a1b2c0001")
                        .put("chargeOverrides", new JsonArray().add(new JsonObject()
                                .put("productRatePlanChargeId", "8a28aa0b7e1c4d01017e1f0a1b2c0101")
                                .put("pricing", new JsonObject().put("recurringPerUnit",
                                        new JsonObject().put("quantity", quantity)))))));
        return new JsonObject().put("orderDate", "2026-11-21").put("existingAccountNumber", "A00001234")
                .put("subscriptions", new JsonArray()
                .add(new JsonObject().put("orderActions", new JsonArray().add(new JsonObject()
                        .put("type", "CreateSubscription").put("createSubscription", create)))));
    }

    private String token() throws Exception {
        return new JsonObject(post("/oauth/token", null, "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=client&client_secret=secret", null).body())
                .getString("access_token");
    }

    private JsonArray subscriptions() throws Exception {
        return new JsonArray(get("/sandbox/subscriptions", null).body());
    }

    private HttpResponse<String> post(String path, String bearer, String type, String body, String key,
            String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCalloutKnobSendsCredentialsOnlyToLoopbackOrTheConfiguredHost() throws Exception {
        for (String elsewhere : List.of("http://attacker.example/collect", "https://169.254.169.254/latest",
                "http://user:pw@127.0.0.1:9/x", "file:///etc/passwd", "not a url")) {
            assertThat(put("/sandbox/callout-settings", new JsonObject().put("url", elsewhere)).statusCode())
                    .as(elsewhere).isEqualTo(422);
        }
        assertThat(put("/sandbox/callout-settings", new JsonObject().put("url", "http://localhost:1/nowhere"))
                .statusCode()).isEqualTo(204);
        assertThat(put("/sandbox/callout-settings", new JsonObject().put("delayMs", 10)).statusCode())
                .as("knobs without a url").isEqualTo(204);

        sandbox.close();
        sandbox = ZuoraSandbox.start(new SandboxSettings(0, "client", "secret", Duration.ofSeconds(3599),
                List.of("A00001234"), 20, new SandboxSettings.CalloutSettings(
                        Optional.of("https://marketplace.example.com/api/v1/zuora/callouts"), "zuora", "pw", false,
                        Optional.empty(), Duration.ZERO, 1)));
        assertThat(put("/sandbox/callout-settings", new JsonObject().put("url",
                "https://marketplace.example.com/other")).statusCode()).isEqualTo(204);
    }

    private HttpResponse<String> put(String path, JsonObject body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
