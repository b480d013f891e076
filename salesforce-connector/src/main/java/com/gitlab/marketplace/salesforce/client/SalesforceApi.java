package com.gitlab.marketplace.salesforce.client;

import com.gitlab.marketplace.salesforce.config.SalesforceConnectorConfig;
import com.gitlab.marketplace.upstream.metrics.UpstreamCalls;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The part of the Salesforce REST API the connector uses (API.md §5): SOQL queries and composite requests
 * with {@code allOrNone}. The session (token and {@code instance_url}) is cached; Salesforce says nothing of
 * its lifetime, so a 401 {@code INVALID_SESSION_ID} fetches a new one and repeats the call once. Each method
 * makes one call, bounded by the request timeout: retries are the durable steps' business.
 */
@ApplicationScoped
public class SalesforceApi {

    private static final Logger LOG = Logger.getLogger(SalesforceApi.class);
    /** Errors that describe the moment, not the request. */
    private static final Set<String> TRANSIENT_CODES = Set.of("UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED",
            "SERVER_UNAVAILABLE", "INVALID_SESSION_ID");
    private static final String HALTED = "PROCESSING_HALTED";

    private record Session(String token, String instanceUrl) {
    }

    private final SalesforceConnectorConfig.Salesforce config;
    private final WebClient client;
    private final UpstreamCalls calls;
    private final AtomicBoolean sessionStale = new AtomicBoolean(true);
    private final Uni<Session> session;

    public SalesforceApi(Vertx vertx, SalesforceConnectorConfig config, MeterRegistry registry) {
        this.config = config.salesforce();
        this.calls = new UpstreamCalls(registry, "salesforce");
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, this.config.requestTimeout().toMillis()))
                .setKeepAlive(true).setMaxPoolSize(32));
        this.session = fetchSession()
                .onFailure().invoke(e -> sessionStale.set(true))
                .memoize().until(() -> sessionStale.getAndSet(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** The records a SOQL query finds (one page; our queries are small). */
    public Uni<List<JsonObject>> query(String soql) {
        return calls.timed("query", SalesforceApi::outcome, authorized(s -> {
            var request = client.getAbs(s.instanceUrl() + "/services/data/" + config.apiVersion() + "/query")
                    .putHeader("Authorization", "Bearer " + s.token())
                    .timeout(config.requestTimeout().toMillis());
            request.queryParams().add("q", soql);
            return request.send();
        }).map(response -> {
            if (response.statusCode() != 200) {
                throw failure(response.statusCode(), response.bodyAsString());
            }
            return json(response).getJsonArray("records", new JsonArray()).stream()
                    .map(JsonObject.class::cast).toList();
        }));
    }

    /**
     * One composite request with {@code allOrNone}: all sub-requests take effect or none.
     *
     * @return the sub-responses, in order, when every one succeeded
     */
    public Uni<List<JsonObject>> compositeAllOrNone(JsonArray subrequests) {
        JsonObject body = new JsonObject().put("allOrNone", true).put("compositeRequest", subrequests);
        return calls.timed("composite", SalesforceApi::outcome, authorized(s -> client.postAbs(s.instanceUrl()
                        + "/services/data/" + config.apiVersion() + "/composite")
                .putHeader("Authorization", "Bearer " + s.token())
                .putHeader("Content-Type", "application/json")
                .timeout(config.requestTimeout().toMillis())
                .sendBuffer(Buffer.buffer(body.encode())))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw failure(response.statusCode(), response.bodyAsString());
                    }
                    List<JsonObject> results = json(response).getJsonArray("compositeResponse", new JsonArray())
                            .stream().map(JsonObject.class::cast).toList();
                    // The sub-request that really failed; the others only report PROCESSING_HALTED.
                    results.stream().filter(r -> r.getInteger("httpStatusCode") >= 300)
                            .filter(r -> !HALTED.equals(errorCode(r.getValue("body"))))
                            .findFirst()
                            .ifPresent(r -> {
                                throw failure(r.getInteger("httpStatusCode"), String.valueOf(r.getValue("body")));
                            });
                    return results;
                }));
    }

    /** A failed attempt's outcome for the metrics: refused for good, worth retrying, or not understood. */
    private static String outcome(Throwable failure) {
        return failure instanceof SalesforceFailure.Rejected ? "rejected"
                : failure instanceof SalesforceFailure.Transient ? "transient" : "error";
    }

    private Uni<HttpResponse<Buffer>> authorized(Function<Session, Uni<HttpResponse<Buffer>>> send) {
        return session.flatMap(s -> send.apply(s)).flatMap(response -> {
            if (response.statusCode() != 401) {
                return Uni.createFrom().item(response);
            }
            LOG.debug("Salesforce answered 401 INVALID_SESSION_ID; authenticating again and sending once more");
            sessionStale.set(true);
            return session.flatMap(s -> send.apply(s));
        }).onFailure(e -> !(e instanceof SalesforceFailure)).transform(e -> new SalesforceFailure.Transient(
                e instanceof TimeoutException ? "timeout" : "connection",
                "Salesforce did not answer: " + e.getMessage()));
    }

    /**
     * The body as a JSON object. Anything else with a 200 (a proxy's page, a truncated answer) is not
     * understood: worth another try, within the step's deadline, but never taken for data.
     */
    private static JsonObject json(HttpResponse<Buffer> response) {
        try {
            JsonObject body = response.bodyAsJsonObject();
            if (body != null) {
                return body;
            }
        } catch (DecodeException | ClassCastException notJson) {
            // reported below
        }
        throw new SalesforceFailure.Transient("unreadable_answer", "Salesforce answered HTTP " + response.statusCode()
                + " with a body that is not a JSON object");
    }

    private Uni<Session> fetchSession() {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "client_credentials")
                .add("client_id", config.clientId())
                .add("client_secret", config.clientSecret());
        return client.postAbs(config.loginUrl() + "/services/oauth2/token")
                .timeout(config.requestTimeout().toMillis())
                .sendForm(form)
                .map(response -> {
                    if (response.statusCode() == 400 || response.statusCode() == 401) {
                        throw new SalesforceFailure.Rejected("authentication", "Salesforce refused the connector's "
                                + "client credentials (HTTP " + response.statusCode() + "); check "
                                + "SALESFORCE_CONNECTOR_SALESFORCE_CLIENT_ID and _SECRET");
                    }
                    if (response.statusCode() != 200) {
                        throw failure(response.statusCode(), response.bodyAsString());
                    }
                    JsonObject token = json(response);
                    return new Session(token.getString("access_token"), token.getString("instance_url"));
                });
    }

    /** A failed answer as Salesforce reports it: {@code [{"message","errorCode","fields"}]}. */
    private static SalesforceFailure failure(int status, String body) {
        String code = "http_" + status;
        String message = "Salesforce answered HTTP " + status;
        try {
            Object parsed = Json.decodeValue(body);
            String errorCode = errorCode(parsed);
            if (errorCode != null) {
                code = errorCode;
                message = ((JsonArray) parsed).getJsonObject(0).getString("message", message);
            }
        } catch (RuntimeException notJson) {
            // keep the HTTP status as the code
        }
        if (status >= 500 || TRANSIENT_CODES.contains(code)) {
            return new SalesforceFailure.Transient(code, message);
        }
        return new SalesforceFailure.Rejected(code, message);
    }

    private static String errorCode(Object body) {
        if (body instanceof JsonArray errors && !errors.isEmpty() && errors.getValue(0) instanceof JsonObject first) {
            return first.getString("errorCode");
        }
        return null;
    }
}
