package com.gitlab.marketplace.events.salesforce;

import com.gitlab.marketplace.events.FailureEvent;
import java.time.Instant;
import java.util.UUID;

/** Salesforce refused the order's records, or kept failing transiently until the retries were exhausted. */
public record SalesforceSyncFailed(UUID orderId, boolean retryable, String source, String code, String message,
        Instant occurredAt) implements FailureEvent {

    @Override
    public String subject() {
        return orderId.toString();
    }
}
