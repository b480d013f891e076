package com.gitlab.marketplace.zuora.client;

import com.gitlab.marketplace.durable.steps.RetryAfter;
import java.time.Duration;
import java.util.Optional;

/**
 * Zuora did not do what was asked. {@link Rejected}: it refused the request as it is (invalid or missing
 * values, business rules, not found, permission), and no retry will change that. {@link Transient}: worth
 * another try (lock contention, temporary errors, concurrency or rate limits, 5xx, timeouts), and for a call
 * that creates something, either known to have created nothing (Zuora answered and refused for the moment)
 * or of unknown outcome (no answer, a 5xx, an answer we cannot read, or the same key still in progress).
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
        private final boolean outcomeUnknown;

        /**
         * @param outcomeUnknown true when the request may have taken effect (see the class comment)
         */
        public Transient(String code, String message, Duration retryAfter, boolean outcomeUnknown) {
            super(code, message);
            this.retryAfter = retryAfter;
            this.outcomeUnknown = outcomeUnknown;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }

        /** Whether the request may have taken effect even though it failed. */
        public boolean outcomeUnknown() {
            return outcomeUnknown;
        }
    }

    /** Zuora refused the request as it is; it took no effect. */
    public static final class Rejected extends ZuoraFailure {

        public Rejected(String code, String message) {
            super(code, message);
        }
    }
}
