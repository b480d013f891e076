package com.gitlab.marketplace.durable.steps;

import java.time.Instant;
import java.util.List;

/**
 * A step as operators read it in an order's timeline: where it stands, what it waits for and until when, and
 * every try so far.
 *
 * @param nextAttemptAt when it runs next (pending only): a retry's time, or the end of a wait (a Zuora callout)
 * @param deadline      after this no try starts; a step still failing then is stuck
 * @param finishedAt    when it ended (done, failed or stuck)
 */
public record StepReport(String kind, String subject, int attempt, String state, int tries, Instant nextAttemptAt,
        Instant deadline, String lastError, Instant createdAt, Instant updatedAt, Instant finishedAt,
        List<Try> history) {

    /** One run of the step: when, how long, how it ended ({@code done}, {@code waiting}, {@code error}, {@code failed} or {@code stuck}). */
    public record Try(int tryNumber, Instant startedAt, int durationMs, String outcome, String detail) {
    }
}
