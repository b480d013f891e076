package com.gitlab.marketplace.durable.steps;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before a failed step's next try: exponential from the first delay, doubling per try, with equal
 * jitter (half fixed, half random, so steps that failed together do not retry together), capped; an
 * upstream's {@code Retry-After} wins over our own guess, up to {@link #MAX_RETRY_AFTER}: an upstream (or
 * anything between it and us) asking for hours or days would otherwise park the step past its deadline unseen.
 */
final class StepBackoff {

    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private final Duration first;
    private final Duration max;

    StepBackoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    Duration after(int failedTries, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RetryAfter told && told.retryAfter().isPresent()) {
                Duration asked = told.retryAfter().get();
                return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        long firstMillis = Math.max(1, first.toMillis());
        long exponential = Math.min(max.toMillis(), firstMillis << Math.min(Math.max(0, failedTries - 1), 20));
        return Duration.ofMillis(exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1));
    }
}
