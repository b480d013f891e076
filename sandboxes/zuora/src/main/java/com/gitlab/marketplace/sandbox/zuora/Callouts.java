package com.gitlab.marketplace.sandbox.zuora;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the "subscription created" callout the way Zuora does: the configured JSON template, a
 * {@code Zuora-Notification-Id} stable across attempts and a new {@code Zuora-Request-Id} per attempt,
 * Basic auth after the 401 challenge (or preemptively), an optional HMAC signature of the raw body, and
 * retries on 403, 408, 429, 5xx and network errors only. Every attempt is logged for tests.
 */
final class Callouts {

    private static final Logger LOG = LoggerFactory.getLogger(Callouts.class);
    private static final Set<Integer> RETRIED = Set.of(403, 408, 429);
    private static final long MIN_RETRY_DELAY_MILLIS = 500;
    /** A receiver's Retry-After is honoured up to 5 minutes, so a callout is late, never lost in days. */
    private static final long MAX_RETRY_AFTER_SECONDS = 300;

    private final Vertx vertx;
    private final WebClient client;
    private final List<JsonObject> attempts = new CopyOnWriteArrayList<>();
    private volatile SandboxSettings.CalloutSettings settings;

    Callouts(Vertx vertx, SandboxSettings.CalloutSettings settings) {
        this.vertx = vertx;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setIdleTimeout(30));
        this.settings = settings;
    }

    void configure(SandboxSettings.CalloutSettings next) {
        settings = next;
    }

    SandboxSettings.CalloutSettings settings() {
        return settings;
    }

    /** Our template: the body the operator configures in Zuora (README, "Zuora callout"). */
    static JsonObject subscriptionCreatedBody(JsonObject subscription) {
        return new JsonObject()
                .put("event", "SubscriptionCreated")
                .put("subscriptionNumber", subscription.getString("subscriptionNumber"))
                .put("accountNumber", subscription.getString("accountNumber"))
                .put("status", subscription.getString("status"))
                .put("orderId", subscription.getString("MarketplaceOrderId__c", ""));
    }

    /** Zuora's "Order Processed" notification for an order that amended the subscription. */
    static JsonObject orderProcessedBody(JsonObject subscription) {
        return subscriptionCreatedBody(subscription).put("event", "OrderProcessed")
                .put("orderNumber", subscription.getString("orderNumber"))
                .put("version", subscription.getInteger("version"));
    }

    /** Sends a notification (a new one, or a repeat of {@code notificationId}) in the background. */
    void send(String notificationId, JsonObject body) {
        SandboxSettings.CalloutSettings current = settings;
        if (current.url().isEmpty()) {
            return;
        }
        vertx.setTimer(Math.max(1, current.delay().toMillis()),
                id -> attempt(current, notificationId, Buffer.buffer(body.encode()), 1, current.preemptive()));
    }

    private void attempt(SandboxSettings.CalloutSettings current, String notificationId, Buffer body, int attempt,
            boolean withCredentials) {
        String requestId = UUID.randomUUID().toString();
        HttpRequest<Buffer> request = client.postAbs(current.url().get())
                .putHeader("Content-Type", "application/json")
                .putHeader("Zuora-Notification-Id", notificationId)
                .putHeader("Zuora-Request-Id", requestId)
                .timeout(10_000);
        if (withCredentials) {
            request.basicAuthentication(current.username(), current.password());
        }
        current.hmacSecret().ifPresent(secret -> request.putHeader("X-Zuora-Signature", sign(secret, body)));
        request.sendBuffer(body).onComplete(result -> {
            int status = result.succeeded() ? result.result().statusCode() : -1;
            attempts.add(new JsonObject().put("notificationId", notificationId).put("requestId", requestId)
                    .put("attempt", attempt).put("withCredentials", withCredentials).put("status", status)
                    .put("body", body.toJsonObject()));
            if (status == 401 && !withCredentials && challengedForBasic(result.result())) {
                attempt(current, notificationId, body, attempt, true);
            } else if ((status == -1 || status >= 500 || RETRIED.contains(status)) && attempt < current.maxAttempts()) {
                vertx.setTimer(retryDelayMillis(current, result.succeeded() ? result.result() : null),
                        id -> attempt(current, notificationId, body, attempt + 1, withCredentials));
            } else if (status != 200) {
                LOG.warn("callout {} given up after attempt {} (HTTP {})", notificationId, attempt, status);
            }
        });
    }

    /**
     * The configured delay, or the receiver's {@code Retry-After} when longer, and never under 500 ms: Zuora does not
     * retry at once, and a receiver answering 503 because its own commit is a moment behind needs that moment. (A
     * delay of 0 once threw in the Vert.x timer and silently lost the callout.)
     */
    private static long retryDelayMillis(SandboxSettings.CalloutSettings current, HttpResponse<Buffer> response) {
        long retryAfterMillis = 0;
        String retryAfter = response == null ? null : response.getHeader("Retry-After");
        if (retryAfter != null && retryAfter.matches("\\d{1,6}")) {
            retryAfterMillis = Math.min(Long.parseLong(retryAfter), MAX_RETRY_AFTER_SECONDS) * 1000;
        }
        return Math.max(MIN_RETRY_DELAY_MILLIS, Math.max(current.delay().toMillis(), retryAfterMillis));
    }

    private static boolean challengedForBasic(HttpResponse<Buffer> response) {
        String challenge = response.getHeader("WWW-Authenticate");
        return challenge != null && challenge.toLowerCase().startsWith("basic");
    }

    static String sign(String secret, Buffer body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    JsonArray attempts() {
        return new JsonArray(List.copyOf(attempts));
    }

    void clear() {
        attempts.clear();
    }

    void close() {
        client.close();
    }
}
