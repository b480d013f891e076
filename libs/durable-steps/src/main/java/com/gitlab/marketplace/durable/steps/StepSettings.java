package com.gitlab.marketplace.durable.steps;

import java.time.Duration;
import java.util.Objects;

/**
 * How a service's {@link StepEngine} runs its steps.
 *
 * @param workerName        who runs them (db-scheduler's {@code picked_by}): unique per replica
 * @param threads           how many steps run at once (bounded concurrency)
 * @param pollingInterval   how often the queue is read for due steps; a step recorded in this process is
 *                          run at once, a retry within this long of its time
 * @param heartbeatInterval how often a running step shows its worker is alive
 * @param missedHeartbeats  after this many missed heartbeats a step's worker counts as dead and the step is
 *                          taken over by another
 * @param firstRetryDelay   the wait after the first failed try; it doubles with each try (with jitter)
 * @param maxRetryDelay     the longest wait between tries, unless an upstream's {@code Retry-After} says longer
 * @param shutdownWait      how long a stop waits for running steps to finish their try
 */
public record StepSettings(String workerName, int threads, Duration pollingInterval, Duration heartbeatInterval,
        int missedHeartbeats, Duration firstRetryDelay, Duration maxRetryDelay, Duration shutdownWait) {

    public StepSettings {
        Objects.requireNonNull(workerName, "workerName");
        if (threads < 1) {
            throw new IllegalArgumentException("durable-steps.threads must be at least 1, not " + threads);
        }
        Objects.requireNonNull(pollingInterval, "pollingInterval");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (missedHeartbeats < 2) {
            throw new IllegalArgumentException("durable-steps.missed-heartbeats must be at least 2");
        }
        Objects.requireNonNull(firstRetryDelay, "firstRetryDelay");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        Objects.requireNonNull(shutdownWait, "shutdownWait");
    }

    /** How long a dead worker's step waits before another worker takes it over. */
    public Duration takeoverAfter() {
        return heartbeatInterval.multipliedBy(missedHeartbeats);
    }
}
