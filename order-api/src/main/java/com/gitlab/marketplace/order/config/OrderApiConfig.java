package com.gitlab.marketplace.order.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** order-api settings. */
@ConfigMapping(prefix = "order-api")
public interface OrderApiConfig {

    /**
     * How long {@code POST /subscriptions} waits (without blocking a thread) for the Zuora subscription
     * before answering 202 {@code Creating}; {@code Prefer: respond-async} skips the wait.
     */
    @WithDefault("PT10S")
    Duration createWait();

    /** How often each replica reloads the product catalog, so an operator's change on one reaches all. */
    @WithDefault("PT10S")
    Duration catalogReloadInterval();

    /**
     * How long a verified bearer token is trusted without verifying it again (never past its expiry). Each
     * partner token is checked at least this often, so it bounds what the cache adds to a key revocation.
     */
    @WithDefault("PT30S")
    Duration verifiedTokenTtl();

    /** How many verified tokens are kept (about 2 KiB each); beyond it the least used are verified again. */
    @WithDefault("10000")
    int verifiedTokenCacheSize();

    /**
     * How long an order in progress may stay unchanged before it counts as stuck in
     * {@code marketplace_orders_stuck}. Longer than the slowest healthy path (Zuora's activation callout, which
     * zuora-connector waits for up to its callout deadline, then looks up).
     */
    @WithDefault("PT15M")
    Duration stuckAfter();

    /** How often each replica counts the stuck orders for the gauge (one indexed query). */
    @WithDefault("PT30S")
    Duration stuckOrdersRefreshInterval();

    /**
     * The base URLs of the services that keep steps for orders (zuora-connector, salesforce-connector,
     * notification-service): an operator's view of an order reads each one's steps with the operator's token.
     * None by default outside dev (the chart names its own services): a default of local ports would send the
     * operator's token to whatever listens there.
     */
    Optional<List<URI>> stepServices();

    /** How long the operator's view of an order waits for each of those services; one that is late is named. */
    @WithDefault("PT3S")
    Duration stepServicesTimeout();

    /** Partners' webhooks (API.md §2.7). */
    Webhooks webhooks();

    /** {@code order-api.webhooks.*}. */
    interface Webhooks {

        /**
         * Whether an endpoint may be on a loopback address, by {@code http} too: for local work (the local stack
         * and the tests turn it on). Off in production, where loopback is this pod.
         */
        @WithDefault("false")
        boolean allowLoopback();

        /**
         * Whether an endpoint may resolve to a private, link-local or otherwise non-public address (a deployment
         * whose partners sit inside its network). The cloud metadata addresses stay refused.
         */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        /** How long a delivery may take, connection included; no 2xx within it is a failed attempt. */
        @WithDefault("PT10S")
        Duration timeout();

        /**
         * How many deliveries to one partner's endpoint run at once on each replica: a slow or hanging endpoint
         * holds at most this many of the workers, and other partners' deliveries go on beside it.
         */
        @WithDefault("4")
        int concurrencyPerEndpoint();

        /**
         * The waits before each retry of a delivery that failed (each with up to 10 % jitter, longer when the
         * endpoint's {@code Retry-After} asks for it, up to the longest wait here); after the last one the delivery
         * is given up ({@code failed}) and the subscription's next event goes out.
         */
        @WithDefault("PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT10H")
        List<Duration> retrySchedule();

        /** How long the previous secret still signs beside the new one after a rotation. */
        @WithDefault("PT24H")
        Duration rotationOverlap();

        /**
         * An endpoint that has failed every delivery for this long is disabled (the partner sets it again to
         * enable it) and operators are alerted: an ERROR log and {@code marketplace_webhook_endpoints_disabled_total}.
         */
        @WithDefault("P5D")
        Duration disableAfterFailingFor();

        /** How long delivered and failed events stay in the partner's delivery log. */
        @WithDefault("P30D")
        Duration logRetention();
    }
}
