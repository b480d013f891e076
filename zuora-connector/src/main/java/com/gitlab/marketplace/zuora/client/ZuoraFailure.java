package com.gitlab.marketplace.zuora.client;

import com.gitlab.marketplace.retry.backoff.RetryAfter;
import java.time.Duration;
import java.util.Optional;

/**
 * Zuora did not do what was asked. {@link Transient} failures may pass by themselves (lock contention,
 * temporary errors, concurrency or rate limits, 5xx, timeouts) and are retried; {@link Rejected} ones
 * (invalid or missing values, business rules, not found, permission) never will.
 */
public abstract sealed class ZuoraFailure extends RuntimeException {

    private final String code;

    ZuoraFailure(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** Zuora's reason code (e.g. {@code 53100320}), or {@code http_<status>} / {@code timeout}. */
    public String code() {
        return code;
    }

    /** Worth another try; {@code retryAfter} when Zuora said how long to wait. */
    public static final class Transient extends ZuoraFailure implements RetryAfter {

        private final Duration retryAfter;

        public Transient(String code, String message, Duration retryAfter) {
            super(code, message);
            this.retryAfter = retryAfter;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** Zuora refused the request as it is. */
    public static final class Rejected extends ZuoraFailure {

        public Rejected(String code, String message) {
            super(code, message);
        }
    }
}
