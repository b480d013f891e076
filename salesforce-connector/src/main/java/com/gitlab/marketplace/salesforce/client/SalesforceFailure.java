package com.gitlab.marketplace.salesforce.client;

import com.gitlab.marketplace.durable.steps.RetryAfter;
import java.time.Duration;
import java.util.Optional;

/**
 * Salesforce did not do what was asked. {@link Transient} failures may pass (5xx, timeouts,
 * {@code UNABLE_TO_LOCK_ROW}, the request limit) and are retried; {@link Rejected} ones (a missing or invalid
 * field, a bad reference or email, an unknown trading partner) never will.
 */
public abstract sealed class SalesforceFailure extends RuntimeException {

    private final String code;

    SalesforceFailure(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** Salesforce's errorCode (e.g. {@code INVALID_EMAIL_ADDRESS}), ours, or {@code http_<status>}. */
    public String code() {
        return code;
    }

    public static final class Transient extends SalesforceFailure implements RetryAfter {

        public Transient(String code, String message) {
            super(code, message);
        }

        /** The same failure, its message starting with its code (what a step keeps as its last error). */
        public Transient withCodeInMessage() {
            return getMessage().startsWith(code()) ? this : new Transient(code(), code() + ": " + getMessage());
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.empty();
        }
    }

    public static final class Rejected extends SalesforceFailure {

        public Rejected(String code, String message) {
            super(code, message);
        }
    }
}
