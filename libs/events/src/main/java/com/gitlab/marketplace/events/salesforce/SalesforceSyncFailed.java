package com.gitlab.marketplace.events.salesforce;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.FailureEvent;
import java.time.Instant;
import java.util.UUID;

/** Salesforce refused the order's records, or kept failing transiently until the retries were exhausted. */
public record SalesforceSyncFailed(UUID orderId, int attempt, boolean retryable, String source, String code, String message,
        Instant occurredAt) implements FailureEvent {

    public SalesforceSyncFailed {
        required(orderId, "orderId");
        requiredText(code, "code");
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
