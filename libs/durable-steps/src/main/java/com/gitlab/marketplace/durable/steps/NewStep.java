package com.gitlab.marketplace.durable.steps;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A step to record: see {@link Step} for the fields.
 *
 * @param runAt    when its first try is due (now, or later for a wait with a deadline such as a callout's)
 * @param deadline after this no try starts
 */
public record NewStep(String kind, String subject, UUID orderId, int attempt, String payload, Instant runAt,
        Instant deadline) {

    public NewStep {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(runAt, "runAt");
        Objects.requireNonNull(deadline, "deadline");
    }

    /** A step of an order, done for the order itself (subject = order id), due now. */
    public static NewStep forOrder(String kind, UUID orderId, int attempt, String payload, Instant now,
            Instant deadline) {
        return new NewStep(kind, orderId.toString(), orderId, attempt, payload, now, deadline);
    }
}
