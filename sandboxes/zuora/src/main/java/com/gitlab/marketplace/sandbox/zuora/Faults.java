package com.gitlab.marketplace.sandbox.zuora;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Operator knobs for {@code POST /v1/orders}: added latency, and failures of one kind either for the next
 * {@code failNext} calls or at a rate. Set with {@code PUT /sandbox/faults}.
 */
final class Faults {

    /** What an injected failure looks like to the client. */
    enum Kind {
        /** HTTP 500 with a temporary-error body. */
        SERVER_ERROR,
        /** HTTP 429 with {@code Retry-After}. */
        RATE_LIMITED,
        /** HTTP 200, {@code success:false}, a lock-contention (retryable) reason. */
        RETRYABLE,
        /** HTTP 200, {@code success:false}, a business-rule (permanent) reason. */
        PERMANENT,
        /** No answer until the client gives up. */
        TIMEOUT
    }

    private long latencyMillis;
    private double failureRate;
    private int failNext;
    private Kind kind = Kind.SERVER_ERROR;
    private int retryAfterSeconds = 1;

    synchronized void configure(JsonObject knobs) {
        latencyMillis = knobs.getLong("latencyMs", 0L);
        failureRate = knobs.getDouble("failureRate", 0.0);
        failNext = knobs.getInteger("failNext", 0);
        kind = Kind.valueOf(knobs.getString("kind", "SERVER_ERROR").toUpperCase(Locale.ROOT));
        retryAfterSeconds = knobs.getInteger("retryAfterSeconds", 1);
    }

    synchronized void reset() {
        configure(new JsonObject());
    }

    synchronized long latencyMillis() {
        return latencyMillis;
    }

    synchronized int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The failure to inject into this call, if any. */
    synchronized Optional<Kind> next() {
        if (failNext > 0) {
            failNext--;
            return Optional.of(kind);
        }
        return failureRate > 0 && ThreadLocalRandom.current().nextDouble() < failureRate ? Optional.of(kind)
                : Optional.empty();
    }

    synchronized JsonObject describe() {
        return new JsonObject().put("latencyMs", latencyMillis).put("failureRate", failureRate)
                .put("failNext", failNext).put("kind", kind.name()).put("retryAfterSeconds", retryAfterSeconds);
    }
}
