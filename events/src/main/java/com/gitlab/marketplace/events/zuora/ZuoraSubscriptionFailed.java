package com.gitlab.marketplace.events.zuora;

import com.gitlab.marketplace.events.FailureEvent;
import java.time.Instant;
import java.util.UUID;

/** Zuora refused the order, or kept failing transiently until the retries were exhausted. */
public record ZuoraSubscriptionFailed(UUID orderId, boolean retryable, String source, String code,
        String message, Instant occurredAt) implements FailureEvent {

    @Override
    public String subject() {
        return orderId.toString();
    }
}
