package com.gitlab.marketplace.sandbox.salesforce;

import static com.gitlab.marketplace.sandbox.http.SandboxHttp.json;

import com.gitlab.marketplace.sandbox.http.SandboxHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the subset of the Salesforce REST API the platform uses (API.md §5): the client-credentials
 * token (with {@code instance_url}, without {@code expires_in}), {@code INVALID_SESSION_ID} once a session
 * expires, SOQL queries, sObject reads, composite requests with {@code allOrNone}, references and upserts by
 * external id, Salesforce's save validations, and {@code Sforce-Limit-Info} with the daily limit.
 *
 * <p>Operator knobs, without authentication (a sandbox: never expose it): {@code PUT /sandbox/faults},
 * {@code PUT /sandbox/limits}, {@code POST /sandbox/reset}, {@code POST /sandbox/sessions/expire},
 * {@code GET /sandbox/records/{Object}}, {@code PUT /sandbox/records/{Object}/{Id}} (an administrator's fix of the
 * org's data, e.g. an account's record type), {@code GET /sandbox/health}.
 */
public final class SalesforceSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceSandbox.class);

    /** Injected failures: the next {@code failNext} API calls fail as {@code kind} says. */
    enum FaultKind { SERVER_ERROR, UNABLE_TO_LOCK_ROW, REQUEST_LIMIT, TIMEOUT }

    private final SandboxSettings settings;
    private final Vertx vertx = Vertx.vertx();
    private final Org org = new Org();
    private final Composite composite = new Composite(org);
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    private int dailyLimit;
    private int used;
    private long latencyMillis;
    private int failNext;
    private FaultKind faultKind = FaultKind.SERVER_ERROR;
    private HttpServer server;

    private SalesforceSandbox(SandboxSettings settings) {
        this.settings = settings;
        this.dailyLimit = settings.dailyLimit();
    }

    public static SalesforceSandbox start(SandboxSettings settings) {
        SalesforceSandbox sandbox = new SalesforceSandbox(settings);
        sandbox.listen();
        return sandbox;
    }

    public static void main(String[] args) throws InterruptedException {
        SalesforceSandbox sandbox = start(SandboxSettings.fromEnvironment(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "salesforce-sandbox-stop"));
        LOG.info("Salesforce sandbox listening on {}", sandbox.baseUrl());
        new CountDownLatch(1).await();
    }

    public String baseUrl() {
        return "http://localhost:" + server.actualPort();
    }

    private void listen() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(1024 * 1024));
        router.post("/services/oauth2/token").handler(this::token);
        router.route("/services/data/:version/*").handler(this::apiCall);
        router.get("/services/data/:version/query").handler(ctx -> json(ctx, 200,
                Soql.run(org, ctx.pathParam("version"), ctx.queryParams().get("q"))));
        router.get("/services/data/:version/sobjects/:type/:id").handler(ctx -> {
            Schema.require(ctx.pathParam("type"));
            json(ctx, 200, org.find(ctx.pathParam("type"), ctx.pathParam("id")).orElseThrow(SalesforceError::notFound));
        });
        router.post("/services/data/:version/composite").handler(this::composite);
        router.route("/services/data/*").failureHandler(this::failure);

        router.get("/sandbox/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.put("/sandbox/faults").handler(ctx -> {
            JsonObject knobs = ctx.body().asJsonObject();
            latencyMillis = knobs.getLong("latencyMs", 0L);
            failNext = knobs.getInteger("failNext", 0);
            faultKind = FaultKind.valueOf(knobs.getString("kind", "SERVER_ERROR").toUpperCase(Locale.ROOT));
            json(ctx, 200, knobs);
        });
        router.put("/sandbox/limits").handler(ctx -> {
            JsonObject knobs = ctx.body().asJsonObject();
            dailyLimit = knobs.getInteger("dailyLimit", dailyLimit);
            used = knobs.getInteger("used", used);
            json(ctx, 200, new JsonObject().put("dailyLimit", dailyLimit).put("used", used));
        });
        router.post("/sandbox/reset").handler(ctx -> {
            org.reset();
            sessions.clear();
            used = 0;
            dailyLimit = settings.dailyLimit();
            latencyMillis = 0;
            failNext = 0;
            ctx.response().setStatusCode(204).end();
        });
        router.post("/sandbox/sessions/expire").handler(ctx -> {
            sessions.clear();
            ctx.response().setStatusCode(204).end();
        });
        router.get("/sandbox/records/:type").handler(ctx -> json(ctx, 200, org.describe(ctx.pathParam("type"))));
        router.put("/sandbox/records/:type/:id").handler(ctx -> {
            org.administer(ctx.pathParam("type"), ctx.pathParam("id"), ctx.body().asJsonObject());
            ctx.response().setStatusCode(204).end();
        });

        server = SandboxHttp.listen(vertx, router, settings.port(), "Salesforce");
    }

    private void token(RoutingContext ctx) {
        var form = ctx.request().formAttributes();
        if (!"client_credentials".equals(form.get("grant_type"))) {
            json(ctx, 400, new JsonObject().put("error", "unsupported_grant_type")
                    .put("error_description", "grant type not supported"));
            return;
        }
        if (!settings.clientId().equals(form.get("client_id")) || !settings.clientSecret().equals(form.get("client_secret"))) {
            json(ctx, 400, new JsonObject().put("error", "invalid_client")
                    .put("error_description", "invalid client credentials"));
            return;
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = "00D8X0000000001!" + HexFormat.of().formatHex(bytes);
        sessions.put(token, Instant.now().plus(settings.sessionTimeout()));
        long issuedAt = Instant.now().toEpochMilli();
        json(ctx, 200, new JsonObject().put("access_token", token).put("instance_url", baseUrl())
                .put("id", baseUrl() + "/id/00D8X0000000001AAA/0058X0000000001AAA").put("token_type", "Bearer")
                .put("issued_at", String.valueOf(issuedAt)).put("signature", HexFormat.of().formatHex(bytes, 0, 8))
                .put("scope", "api"));
    }

    /** Session, daily limit, usage header, latency and injected faults, before any API call. */
    private void apiCall(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        Instant expires = token == null ? null : sessions.get(token);
        if (expires == null || Instant.now().isAfter(expires)) {
            fail(ctx, SalesforceError.invalidSession());
            return;
        }
        used++;
        ctx.response().putHeader("Sforce-Limit-Info", "api-usage=" + Math.min(used, dailyLimit) + "/" + dailyLimit);
        if (used > dailyLimit) {
            fail(ctx, SalesforceError.requestLimitExceeded());
            return;
        }
        vertx.setTimer(Math.max(1, latencyMillis), id -> {
            if (failNext > 0 && faultKind != FaultKind.UNABLE_TO_LOCK_ROW) {
                failNext--;
                switch (faultKind) {
                    case TIMEOUT -> { } // never answer
                    case REQUEST_LIMIT -> fail(ctx, SalesforceError.requestLimitExceeded());
                    default -> fail(ctx, new SalesforceError(503, "SERVER_UNAVAILABLE",
                            "Server temporarily unavailable", List.of()));
                }
                return;
            }
            ctx.next();
        });
    }

    private void composite(RoutingContext ctx) {
        JsonObject request;
        try {
            request = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw SalesforceError.jsonParser("Unexpected character in the request body");
        }
        if (request == null) {
            throw SalesforceError.jsonParser("A request body is required");
        }
        SalesforceError injected = null;
        if (failNext > 0 && faultKind == FaultKind.UNABLE_TO_LOCK_ROW) {
            failNext--;
            injected = SalesforceError.unableToLockRow();
        }
        json(ctx, 200, composite.run(request, injected));
    }

    private void failure(RoutingContext ctx) {
        if (ctx.failure() instanceof SalesforceError error) {
            fail(ctx, error);
        } else {
            LOG.error("sandbox failure", ctx.failure());
            fail(ctx, new SalesforceError(500, "UNKNOWN_EXCEPTION", "An unexpected error occurred.", List.of()));
        }
    }

    private static void fail(RoutingContext ctx, SalesforceError error) {
        ctx.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json;charset=UTF-8")
                .end(error.body().encode());
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
