package com.gitlab.marketplace.retry.backoff;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter ("equal jitter": half fixed, half random), capped at 10 s, unless the
 * upstream said how long to wait ({@link RetryAfter}), which wins. A new instance serves each invocation;
 * use it with SmallRye Fault Tolerance's {@code @CustomBackoff(RetryAfterBackoff.class)}.
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
        if (cause instanceof RetryAfter told && told.retryAfter().isPresent()) {
            return told.retryAfter().get().toMillis();
        }
        return jittered;
    }
}
