package com.gitlab.marketplace.zuora.client;

import com.gitlab.marketplace.upstream.metrics.UpstreamCalls;
import com.gitlab.marketplace.zuora.config.ZuoraConnectorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The part of Zuora's REST API the connector uses (API.md §4), with Zuora's conventions turned into results
 * or {@link ZuoraFailure}s: business errors arrive as HTTP 200 {@code success:false} whose reason code's last
 * two digits are the category. The OAuth token is cached and fetched again on a 401 (the call is then
 * repeated once). Each method makes one call, bounded by the request timeout: retries are the caller's
 * durable steps' business, with their schedule stored in the database.
 */
@ApplicationScoped
public class ZuoraApi {

    private static final Logger LOG = Logger.getLogger(ZuoraApi.class);
    /** Reason categories that may pass by themselves: lock contention, temporary, concurrency limit, integration. */
    private static final Set<String> RETRYABLE_CATEGORIES = Set.of("50", "61", "70", "99");
    /** The category of "not found". */
    private static final String NOT_FOUND_CATEGORY = "40";
    /** HTTP statuses API.md §4 lists as retryable, on which Zuora did not process the request. */
    private static final Set<Integer> RETRYABLE_UNPROCESSED = Set.of(401, 403, 404, 429);
    /** Idempotency-Key in use by a request still being processed: its outcome is not known yet. */
    private static final int IN_PROGRESS = 409;

    /** The subscription custom field that carries our order id (the callout template reads it back). */
    public static final String ORDER_ID_FIELD = "MarketplaceOrderId__c";
    /** The order-level custom field that names the partner's change an amending order made. */
    public static final String CHANGE_ID_FIELD = "MarketplaceChangeId__c";

    private final ZuoraConnectorConfig.Zuora config;
    private final WebClient client;
    private final UpstreamCalls calls;
    /** Set when the cached token must be fetched again: at start, after a 401, after a failed fetch. */
    private final AtomicBoolean tokenStale = new AtomicBoolean(true);
    private final Uni<String> token;

    public ZuoraApi(Vertx vertx, ZuoraConnectorConfig config, MeterRegistry registry) {
        this.config = config.zuora();
        this.calls = new UpstreamCalls(registry, "zuora");
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, this.config.requestTimeout().toMillis()))
                .setKeepAlive(true).setMaxPoolSize(32));
        this.token = fetchToken()
                .onFailure().invoke(e -> tokenStale.set(true))
                .memoize().until(() -> tokenStale.getAndSet(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * {@code POST /v1/orders}; a repeat with the same {@code idempotencyKey} gets Zuora's stored answer (or 409
     * while the first is still being processed).
     *
     * @return Zuora's success body ({@code orderNumber}, {@code accountNumber}, {@code subscriptionNumbers})
     */
    public Uni<JsonObject> createOrder(JsonObject order, String idempotencyKey) {
        return postOrder("create_order", order, idempotencyKey);
    }

    /**
     * {@code POST /v1/orders} with the order actions that amend a subscription, under the same key discipline as
     * {@link #createOrder}.
     */
    public Uni<JsonObject> amendSubscription(JsonObject order, String idempotencyKey) {
        return postOrder("amend_subscription", order, idempotencyKey);
    }

    /**
     * The order that made a change, found among the orders of the subscription by its {@code MarketplaceChangeId__c}
     * custom field, for when it is unknown whether an earlier call made it.
     */
    public Uni<Optional<JsonObject>> orderOfChange(String subscriptionNumber, UUID changeId) {
        return calls.timed("find_change", ZuoraApi::outcome, authorized(bearer -> client.getAbs(config.baseUrl()
                        + "/v1/orders/subscription/" + subscriptionNumber)
                .putHeader("Authorization", "Bearer " + bearer)
                .timeout(config.requestTimeout().toMillis())
                .send(), false)
                .map(response -> successBody(response, false).getJsonArray("orders", new JsonArray()).stream()
                        .map(JsonObject.class::cast)
                        .filter(order -> changeId.toString().equals(order.getJsonObject("customFields",
                                new JsonObject()).getString(CHANGE_ID_FIELD)))
                        .findFirst()));
    }

    private Uni<JsonObject> postOrder(String call, JsonObject order, String idempotencyKey) {
        return calls.timed(call, ZuoraApi::outcome, authorized(bearer -> client.postAbs(config.baseUrl()
                        + "/v1/orders")
                .putHeader("Idempotency-Key", idempotencyKey)
                .putHeader("Zuora-Track-Id", idempotencyKey)
                .putHeader("Content-Type", "application/json")
                .putHeader("Authorization", "Bearer " + bearer)
                .timeout(config.requestTimeout().toMillis())
                .sendBuffer(Buffer.buffer(order.encode())), true)
                .map(response -> successBody(response, true)));
    }

    /**
     * The subscription created for an order, found by its {@code MarketplaceOrderId__c} custom field (Object
     * Query API), for when it is unknown whether an earlier call succeeded.
     */
    public Uni<Optional<JsonObject>> subscriptionOfOrder(UUID orderId) {
        return calls.timed("find_subscription", ZuoraApi::outcome, authorized(bearer -> {
            HttpRequest<Buffer> request = client.getAbs(config.baseUrl() + "/object-query/subscriptions")
                    .putHeader("Authorization", "Bearer " + bearer)
                    .timeout(config.requestTimeout().toMillis());
            request.queryParams().add("filter[]", ORDER_ID_FIELD + ".EQ:" + orderId);
            return request.send();
        }, false).map(response -> {
            if (response.statusCode() != 200) {
                throw httpFailure(response, false);
            }
            JsonArray data = json(response, false).getJsonArray("data", new JsonArray());
            return data.isEmpty() ? Optional.<JsonObject>empty() : Optional.of(data.getJsonObject(0));
        }));
    }

    /** {@code GET /v1/subscriptions/{number}}: the subscription with its {@code status}; empty when Zuora has none. */
    public Uni<Optional<JsonObject>> subscription(String subscriptionNumber) {
        return calls.timed("get_subscription", ZuoraApi::outcome, authorized(bearer -> client.getAbs(config.baseUrl()
                        + "/v1/subscriptions/" + subscriptionNumber)
                .putHeader("Authorization", "Bearer " + bearer)
                .timeout(config.requestTimeout().toMillis())
                .send(), false)
                .map(response -> {
                    if (response.statusCode() == 404) {
                        return Optional.<JsonObject>empty();
                    }
                    try {
                        return Optional.of(successBody(response, false));
                    } catch (ZuoraFailure.Rejected rejected) {
                        if (rejected.code().endsWith(NOT_FOUND_CATEGORY)) {
                            return Optional.<JsonObject>empty();
                        }
                        throw rejected;
                    }
                }));
    }

    /** A failed attempt's outcome for the metrics: refused for good, worth retrying, or not understood. */
    private static String outcome(Throwable failure) {
        return failure instanceof ZuoraFailure.Rejected ? "rejected"
                : failure instanceof ZuoraFailure.Transient ? "transient" : "error";
    }

    /**
     * Sends with the cached token; on 401 fetches a new token and sends once more. No answer at all is a
     * transient failure whose outcome is unknown when the request {@code changes} something.
     */
    private Uni<HttpResponse<Buffer>> authorized(Function<String, Uni<HttpResponse<Buffer>>> send, boolean changes) {
        return token.flatMap(send::apply).flatMap(response -> {
            if (response.statusCode() != 401) {
                return Uni.createFrom().item(response);
            }
            LOG.debug("Zuora answered 401; fetching a new token and sending again");
            tokenStale.set(true);
            return token.flatMap(send::apply);
        }).onFailure(e -> !(e instanceof ZuoraFailure)).transform(e -> new ZuoraFailure.Transient(
                e instanceof TimeoutException ? "timeout" : "connection", "Zuora did not answer: " + e.getMessage(),
                null, changes));
    }

    private Uni<String> fetchToken() {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "client_credentials")
                .add("client_id", config.clientId())
                .add("client_secret", config.clientSecret());
        return client.postAbs(config.baseUrl() + "/oauth/token")
                .timeout(config.requestTimeout().toMillis())
                .sendForm(form)
                .map(response -> {
                    if (response.statusCode() == 400 || response.statusCode() == 401) {
                        throw new ZuoraFailure.Rejected("authentication", "Zuora refused the connector's client "
                                + "credentials (HTTP " + response.statusCode() + "); check ZUORA_CONNECTOR_ZUORA_CLIENT_ID "
                                + "and _SECRET");
                    }
                    if (response.statusCode() != 200) {
                        throw httpFailure(response, false);
                    }
                    return json(response, false).getString("access_token");
                });
    }

    private static JsonObject successBody(HttpResponse<Buffer> response, boolean changes) {
        if (response.statusCode() != 200) {
            throw httpFailure(response, changes);
        }
        JsonObject body = json(response, changes);
        if (body.getBoolean("success", false)) {
            return body;
        }
        List<JsonObject> reasons = body.getJsonArray("reasons", new JsonArray()).stream()
                .filter(JsonObject.class::isInstance).map(JsonObject.class::cast).toList();
        String code = reasons.isEmpty() ? "unknown" : String.valueOf(reasons.get(0).getValue("code"));
        String message = reasons.stream().map(r -> r.getString("message")).collect(Collectors.joining("; "));
        throw reasonFailure(code, message);
    }

    /**
     * The body as JSON. A 200 whose body is not a JSON object (a proxy's error page, a truncated answer) is
     * not understood: for a call that changes something its outcome is unknown.
     */
    private static JsonObject json(HttpResponse<Buffer> response, boolean changes) {
        try {
            JsonObject body = response.bodyAsJsonObject();
            if (body != null) {
                return body;
            }
        } catch (DecodeException | ClassCastException notJson) {
            // reported below
        }
        throw new ZuoraFailure.Transient("unreadable_answer", "Zuora answered HTTP " + response.statusCode()
                + " with a body that is not a JSON object", null, changes);
    }

    /** A {@code success:false} reason as a failure: its code's last two digits are the category. */
    static ZuoraFailure reasonFailure(String code, String message) {
        String category = code.length() >= 2 ? code.substring(code.length() - 2) : "";
        // Zuora answered and did not process the request: nothing was created whatever the category.
        return RETRYABLE_CATEGORIES.contains(category) ? new ZuoraFailure.Transient(code, message, null, false)
                : new ZuoraFailure.Rejected(code, message);
    }

    private static ZuoraFailure httpFailure(HttpResponse<Buffer> response, boolean changes) {
        int status = response.statusCode();
        String message = "Zuora answered HTTP " + status;
        Duration retryAfter = retryAfter(response.getHeader("Retry-After"));
        if (status == IN_PROGRESS) {
            return new ZuoraFailure.Transient("in_progress", "an earlier request with the same Idempotency-Key is still "
                    + "being processed", retryAfter, changes);
        }
        if (RETRYABLE_UNPROCESSED.contains(status)) {
            return new ZuoraFailure.Transient("http_" + status, message, retryAfter, false);
        }
        if (status >= 500) {
            return new ZuoraFailure.Transient("http_" + status, message, retryAfter, changes);
        }
        return new ZuoraFailure.Rejected("http_" + status, message);
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: fall back to our own backoff
        }
    }
}
