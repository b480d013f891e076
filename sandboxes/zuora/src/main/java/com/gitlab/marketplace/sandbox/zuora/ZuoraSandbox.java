package com.gitlab.marketplace.sandbox.zuora;

import static com.gitlab.marketplace.sandbox.http.SandboxHttp.json;

import com.gitlab.marketplace.sandbox.http.SandboxHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the subset of Zuora's REST API the platform uses (API.md §4), with Zuora's quirks:
 * business errors as HTTP 200 {@code success:false} with coded reasons, {@code Idempotency-Key} replay,
 * {@code Zuora-Request-Id}/{@code Zuora-Track-Id}, {@code RateLimit-*} headers and 429, one-hour bearer
 * tokens, and callouts after a subscription is created (API.md §3).
 *
 * <p>Operator knobs, without authentication (a sandbox: never expose it): {@code PUT /sandbox/faults},
 * {@code PUT /sandbox/callout-settings}, {@code PUT /sandbox/activation}, {@code POST /sandbox/reset},
 * {@code POST /sandbox/tokens/expire}, {@code POST /sandbox/subscriptions/{number}/activate},
 * {@code GET /sandbox/accounts|subscriptions|callouts}, {@code POST /sandbox/callouts/{subscription}/resend}.
 */
public final class ZuoraSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZuoraSandbox.class);
    private static final String NOTIFICATION_FIELD = "notificationId";

    private final SandboxSettings settings;
    private final Vertx vertx;
    private final Tenant tenant;
    private final OrderRequest orders;
    private final Faults faults = new Faults();
    private final Activation activation = new Activation();
    private final Idempotency idempotency = new Idempotency();
    private final AccessTokens tokens;
    private final Callouts callouts;
    private final Map<String, String> notificationBySubscription = new ConcurrentHashMap<>();
    private final RateWindow rate;
    private HttpServer server;

    private ZuoraSandbox(SandboxSettings settings) {
        this.settings = settings;
        this.vertx = Vertx.vertx();
        this.tenant = new Tenant(settings.invoiceOwners());
        this.orders = new OrderRequest(tenant, Catalog.load());
        this.tokens = new AccessTokens(settings.tokenLifetime());
        this.callouts = new Callouts(vertx, settings.callout());
        this.rate = new RateWindow(settings.requestsPerMinute());
    }

    /** Starts the sandbox; returns once it listens. */
    public static ZuoraSandbox start(SandboxSettings settings) {
        ZuoraSandbox sandbox = new ZuoraSandbox(settings);
        sandbox.listen();
        return sandbox;
    }

    public static void main(String[] args) throws InterruptedException {
        ZuoraSandbox sandbox = start(SandboxSettings.fromEnvironment(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "zuora-sandbox-stop"));
        LOG.info("Zuora sandbox listening on {}", sandbox.baseUrl());
        new CountDownLatch(1).await();
    }

    public int port() {
        return server.actualPort();
    }

    public String baseUrl() {
        return "http://localhost:" + port();
    }

    private void listen() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(1024 * 1024));
        router.route().handler(this::zuoraHeaders);
        router.post("/oauth/token").handler(this::token);
        router.route("/v1/*").handler(this::requireBearer);
        router.route("/object-query/*").handler(this::requireBearer);
        router.post("/v1/orders").handler(this::createOrder);
        router.get("/v1/subscriptions/:number").handler(ctx -> found(ctx, tenant.subscription(ctx.pathParam("number"))
                .map(s -> s.put("success", true)), "Subscription"));
        router.get("/v1/subscriptions/:number/versions/:version").handler(ctx -> found(ctx, version(ctx)
                .map(s -> s.put("success", true)), "Subscription version"));
        router.get("/v1/orders/subscription/:number").handler(ctx -> json(ctx, 200, new JsonObject()
                .put("success", true).put("orders", new JsonArray(tenant.ordersOf(ctx.pathParam("number"))))));
        router.get("/v1/accounts/:number").handler(ctx -> found(ctx, tenant.account(ctx.pathParam("number"))
                .map(a -> new JsonObject().put("success", true).put("basicInfo", a)), "Account"));
        router.get("/object-query/subscriptions").handler(this::querySubscriptions);

        router.get("/sandbox/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.put("/sandbox/faults").handler(ctx -> {
            faults.configure(ctx.body().asJsonObject());
            json(ctx, 200, faults.describe());
        });
        router.get("/sandbox/faults").handler(ctx -> json(ctx, 200, faults.describe()));
        router.put("/sandbox/callout-settings").handler(this::configureCallouts);
        router.put("/sandbox/activation").handler(ctx -> {
            activation.configure(ctx.body().asJsonObject());
            json(ctx, 200, activation.describe());
        });
        router.post("/sandbox/subscriptions/:number/activate").handler(ctx -> {
            if (tenant.activate(ctx.pathParam("number"))) {
                ctx.response().setStatusCode(204).end();
            } else {
                json(ctx, 404, new JsonObject().put("message", "no subscription " + ctx.pathParam("number")));
            }
        });
        router.post("/sandbox/reset").handler(ctx -> {
            tenant.reset();
            faults.reset();
            activation.reset();
            idempotency.clear();
            callouts.clear();
            notificationBySubscription.clear();
            ctx.response().setStatusCode(204).end();
        });
        router.post("/sandbox/tokens/expire").handler(ctx -> {
            tokens.expireAll();
            ctx.response().setStatusCode(204).end();
        });
        router.get("/sandbox/accounts").handler(ctx -> json(ctx, 200, tenant.allAccounts()));
        router.get("/sandbox/subscriptions").handler(ctx -> json(ctx, 200, tenant.allSubscriptions()));
        router.get("/sandbox/callouts").handler(ctx -> json(ctx, 200, callouts.attempts()));
        router.post("/sandbox/callouts/:number/resend").handler(this::resendCallout);

        server = SandboxHttp.listen(vertx, router, settings.port(), "Zuora");
    }

    /** Every answer carries a request id, echoes the track id, and shows the rate limit. */
    private void zuoraHeaders(RoutingContext ctx) {
        var response = ctx.response();
        response.putHeader("Zuora-Request-Id", UUID.randomUUID().toString());
        Optional.ofNullable(ctx.request().getHeader("Zuora-Track-Id"))
                .ifPresent(track -> response.putHeader("Zuora-Track-Id", track));
        if (ctx.request().path().startsWith("/sandbox/")) {
            ctx.next();
            return;
        }
        RateWindow.Usage usage = rate.take();
        response.putHeader("RateLimit-Limit", String.valueOf(usage.limit()))
                .putHeader("RateLimit-Remaining", String.valueOf(usage.remaining()))
                .putHeader("RateLimit-Reset", String.valueOf(usage.resetSeconds()));
        if (usage.exceeded()) {
            response.putHeader("Retry-After", String.valueOf(usage.resetSeconds()));
            json(ctx, 429, new JsonObject().put("message", "Too many requests"));
            return;
        }
        ctx.next();
    }

    private void token(RoutingContext ctx) {
        var form = ctx.request().formAttributes();
        if (!"client_credentials".equals(form.get("grant_type"))) {
            json(ctx, 400, new JsonObject().put("error", "unsupported_grant_type"));
            return;
        }
        if (!settings.clientId().equals(form.get("client_id")) || !settings.clientSecret().equals(form.get("client_secret"))) {
            json(ctx, 401, new JsonObject().put("error", "invalid_client")
                    .put("error_description", "Invalid client credentials"));
            return;
        }
        json(ctx, 200, new JsonObject().put("access_token", tokens.issue()).put("token_type", "bearer")
                .put("expires_in", tokens.lifetime().toSeconds()).put("scope", "entity.1a2b3c4d user.5e6f7a8b")
                .put("jti", UUID.randomUUID().toString().replace("-", "")));
    }

    private void requireBearer(RoutingContext ctx) {
        String authorization = ctx.request().getHeader("Authorization");
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        if (!tokens.valid(token)) {
            json(ctx, 401, ZuoraError.body(processId(), ZuoraError.authentication()));
            return;
        }
        ctx.next();
    }

    private void createOrder(RoutingContext ctx) {
        String key = ctx.request().getHeader("Idempotency-Key");
        if (key != null && key.length() > 255) {
            json(ctx, 200, ZuoraError.body(processId(), ZuoraError.invalidValue("Idempotency-Key", "(too long)")));
            return;
        }
        if (key != null) {
            // The key is claimed on arrival: a repeat while this request is processed gets 409.
            Optional<Idempotency.Entry> existing = idempotency.claim(key);
            if (existing.isPresent()) {
                if (existing.get().inProgress()) {
                    json(ctx, 409, ZuoraError.body(processId(), new ZuoraError(50000070,
                            "A request with this Idempotency-Key is in progress.")));
                } else {
                    json(ctx, existing.get().status(), existing.get().body());
                }
                return;
            }
        }
        vertx.setTimer(Math.max(1, faults.latencyMillis()), id -> {
            Optional<Faults.Kind> fault = faults.next();
            if (fault.isPresent() && fault.get() == Faults.Kind.TIMEOUT) {
                if (key != null) {
                    idempotency.release(key);
                }
                return; // never answer; the client's timeout decides
            }
            if (fault.isPresent() && injectBeforeProcessing(ctx, fault.get())) {
                if (key != null) {
                    idempotency.release(key);
                }
                return;
            }
            JsonObject answer = process(ctx, fault);
            if (key != null) {
                idempotency.complete(key, 200, answer);
            }
            json(ctx, 200, answer);
        });
    }

    /** Failures that happen before Zuora looks at the order: it stores nothing for the key. */
    private boolean injectBeforeProcessing(RoutingContext ctx, Faults.Kind kind) {
        switch (kind) {
            case SERVER_ERROR -> json(ctx, 500, ZuoraError.body(processId(), ZuoraError.temporary()));
            case RATE_LIMITED -> {
                ctx.response().putHeader("Retry-After", String.valueOf(faults.retryAfterSeconds()));
                json(ctx, 429, new JsonObject().put("message", "Too many requests"));
            }
            case RETRYABLE -> json(ctx, 200, ZuoraError.body(processId(), ZuoraError.lockContention()));
            default -> {
                return false;
            }
        }
        return true;
    }

    private JsonObject process(RoutingContext ctx, Optional<Faults.Kind> fault) {
        JsonObject order;
        try {
            order = ctx.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            return ZuoraError.body(processId(), ZuoraError.malformedJson());
        }
        if (order == null) {
            return ZuoraError.body(processId(), ZuoraError.malformedJson());
        }
        if (fault.isPresent() && fault.get() == Faults.Kind.PERMANENT) {
            return ZuoraError.body(processId(), ZuoraError.businessRule(
                    "The subscription cannot be created: the account's payment terms do not allow it."));
        }
        JsonObject result;
        // Checked and made as one: two orders amending one subscription at once see each other's result.
        synchronized (tenant) {
            List<ZuoraError> problems = orders.problems(order);
            if (!problems.isEmpty()) {
                return ZuoraError.body(processId(), problems.toArray(ZuoraError[]::new));
            }
            result = orders.execute(order, activation.initialStatus());
        }
        if (OrderRequest.amends(order)) {
            // Zuora's "Order Processed" notification: one per amending order.
            for (Object number : result.getJsonArray("subscriptionNumbers")) {
                tenant.subscription((String) number).ifPresent(subscription -> callouts.send(
                        UUID.randomUUID().toString(), Callouts.orderProcessedBody(subscription)));
            }
            return result;
        }
        long activateAfter = activation.activateAfterMillis();
        for (Object number : result.getJsonArray("subscriptionNumbers")) {
            if (!Activation.ACTIVE.equals(activation.initialStatus()) && activateAfter > 0) {
                vertx.setTimer(activateAfter, id -> tenant.activate((String) number));
            }
            tenant.subscription((String) number).ifPresent(subscription -> {
                String notificationId = UUID.randomUUID().toString();
                notificationBySubscription.put((String) number, notificationId);
                callouts.send(notificationId, Callouts.subscriptionCreatedBody(subscription));
            });
        }
        return result;
    }

    private Optional<JsonObject> version(RoutingContext ctx) {
        try {
            return tenant.subscriptionVersion(ctx.pathParam("number"), Integer.parseInt(ctx.pathParam("version")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void querySubscriptions(RoutingContext ctx) {
        JsonArray data = new JsonArray();
        for (String filter : ctx.queryParam("filter[]")) {
            String[] parts = filter.split("\\.EQ:", 2);
            if (parts.length == 2) {
                tenant.subscriptionsWhere(parts[0], parts[1]).forEach(data::add);
            }
        }
        json(ctx, 200, new JsonObject().put("data", data));
    }

    private void configureCallouts(RoutingContext ctx) {
        JsonObject knobs = ctx.body().asJsonObject();
        SandboxSettings.CalloutSettings current = callouts.settings();
        String url = knobs.getString("url");
        if (url != null && !calloutReceiverAllowed(url)) {
            // Callouts carry the Basic credentials and the HMAC secret: a knob anyone can reach must not send
            // them to a host of its choosing.
            json(ctx, 422, new JsonObject().put("message", "url: callouts go only to a loopback address or to the "
                    + "host configured at startup (ZUORA_SANDBOX_CALLOUT_URL)"));
            return;
        }
        callouts.configure(new SandboxSettings.CalloutSettings(
                Optional.ofNullable(knobs.getString("url", current.url().orElse(null))),
                knobs.getString("username", current.username()),
                knobs.getString("password", current.password()),
                knobs.getBoolean("preemptive", current.preemptive()),
                knobs.containsKey("hmacSecret") ? Optional.ofNullable(knobs.getString("hmacSecret"))
                        : current.hmacSecret(),
                knobs.containsKey("delayMs") ? Duration.ofMillis(knobs.getLong("delayMs")) : current.delay(),
                knobs.getInteger("maxAttempts", current.maxAttempts())));
        ctx.response().setStatusCode(204).end();
    }

    private boolean calloutReceiverAllowed(String url) {
        String host = hostOf(url);
        if (host == null) {
            return false;
        }
        if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1")) {
            return true;
        }
        return settings.callout().url().map(ZuoraSandbox::hostOf).filter(host::equals).isPresent();
    }

    private static String hostOf(String url) {
        try {
            URI uri = new URI(url);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return web && uri.getHost() != null && uri.getUserInfo() == null
                    ? uri.getHost().toLowerCase(Locale.ROOT) : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private void resendCallout(RoutingContext ctx) {
        String number = ctx.pathParam("number");
        Optional<JsonObject> subscription = tenant.subscription(number);
        String notificationId = notificationBySubscription.get(number);
        if (subscription.isEmpty() || notificationId == null) {
            json(ctx, 404, new JsonObject().put("message", "no callout was sent for " + number));
            return;
        }
        callouts.send(notificationId, Callouts.subscriptionCreatedBody(subscription.get()));
        json(ctx, 202, new JsonObject().put(NOTIFICATION_FIELD, notificationId));
    }

    private static void found(RoutingContext ctx, Optional<JsonObject> body, String what) {
        body.ifPresentOrElse(found -> json(ctx, 200, found), () -> json(ctx, 404,
                ZuoraError.body(processId(), ZuoraError.notFound(what + " " + ctx.pathParams().values()))));
    }

    private static String processId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    }

    @Override
    public void close() {
        callouts.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
