package com.gitlab.marketplace.sandbox.zuora;

import io.vertx.core.json.JsonObject;

/**
 * How new subscriptions start: {@code Active} (the default), or {@code Pending Activation} as in a tenant
 * that requires service activation, where they become active later: after {@code activateAfterMs}, or when
 * an operator activates them ({@code POST /sandbox/subscriptions/{number}/activate}). Zuora sends no new
 * callout on activation unless a notification for it is configured; like ours, the sandbox sends none. Set
 * with {@code PUT /sandbox/activation}.
 */
final class Activation {

    static final String ACTIVE = "Active";

    private String initialStatus = ACTIVE;
    private long activateAfterMillis;

    synchronized void configure(JsonObject knobs) {
        initialStatus = knobs.getString("initialStatus", ACTIVE);
        activateAfterMillis = knobs.getLong("activateAfterMs", 0L);
    }

    synchronized void reset() {
        configure(new JsonObject());
    }

    synchronized String initialStatus() {
        return initialStatus;
    }

    /** 0: only an operator activates a pending subscription. */
    synchronized long activateAfterMillis() {
        return activateAfterMillis;
    }

    synchronized JsonObject describe() {
        return new JsonObject().put("initialStatus", initialStatus).put("activateAfterMs", activateAfterMillis);
    }
}
