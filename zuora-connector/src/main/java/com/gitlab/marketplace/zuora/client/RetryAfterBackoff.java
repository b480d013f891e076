package com.gitlab.marketplace.zuora.client;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter ("equal jitter": half fixed, half random), capped at 10 s, unless Zuora
 * said how long to wait ({@code Retry-After}), which wins. A new instance serves each invocation.
 */
public class RetryAfterBackoff implements CustomBackoffStrategy {

    private static final long CAP_MILLIS = 10_000;

    private long initialMillis = 250;
    private int retries;

    @Override
    public void init(long initialDelayInMillis) {
        initialMillis = Math.max(1, initialDelayInMillis);
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long exponential = Math.min(CAP_MILLIS, initialMillis << Math.min(retries++, 16));
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        if (cause instanceof ZuoraFailure.Transient failure && failure.retryAfter().isPresent()) {
            return failure.retryAfter().get().toMillis();
        }
        return jittered;
    }
}
