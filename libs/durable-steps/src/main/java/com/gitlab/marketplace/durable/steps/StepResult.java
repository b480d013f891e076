package com.gitlab.marketplace.durable.steps;

import java.time.Duration;
import java.util.Objects;

/**
 * How a try of a step ended. A handler that throws instead is retried with backoff (and an upstream's
 * {@code Retry-After}, see {@link RetryAfter}), until the deadline.
 */
public sealed interface StepResult {

    /** The work is done. */
    static StepResult done() {
        return Done.INSTANCE;
    }

    /** Not yet: try again after {@code delay} (e.g. a subscription not active yet), within the deadline. */
    static StepResult retryIn(Duration delay, String why) {
        return new RetryIn(delay, why);
    }

    /** Refused for good: the step ends and waits for an operator's retry; the handler recorded why. */
    static StepResult failed(String why) {
        return new Failed(why);
    }

    /** See {@link #done()}. */
    enum Done implements StepResult {
        INSTANCE
    }

    /** See {@link #retryIn(Duration, String)}. */
    record RetryIn(Duration delay, String why) implements StepResult {
        public RetryIn {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** See {@link #failed(String)}. */
    record Failed(String why) implements StepResult {
    }
}
