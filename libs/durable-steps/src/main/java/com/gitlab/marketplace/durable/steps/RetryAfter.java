package com.gitlab.marketplace.durable.steps;

import java.time.Duration;
import java.util.Optional;

/** A failure that may say how long to wait before the next try (an HTTP {@code Retry-After}). */
public interface RetryAfter {

    Optional<Duration> retryAfter();
}
