package com.gitlab.marketplace.order.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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
}
