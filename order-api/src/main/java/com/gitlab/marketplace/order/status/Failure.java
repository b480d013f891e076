package com.gitlab.marketplace.order.status;

import com.gitlab.marketplace.events.FailureEvent;
import java.time.Instant;

/** A failure fact of an order, as reported by a connector or the notification service. */
public record Failure(String source, String code, String message, boolean retryable, int attempt,
        Instant occurredAt) {

    public static Failure of(FailureEvent event, Instant occurredAt) {
        return new Failure(event.source(), event.code(), event.message(), event.retryable(), event.attempt(),
                occurredAt);
    }
}
