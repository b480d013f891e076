package com.gitlab.marketplace.events.order;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * An operator asked to re-drive an order in progress: each service runs the steps of the order it has not finished
 * (waiting for a retry, for a callout, or stuck past their deadline) now, for the same attempt, so with the same
 * idempotency keys and look-ups as before. Unlike {@link OrderRetryRequested} it starts no new attempt and reopens
 * no refused step.
 */
public record OrderRedriveRequested(UUID orderId, String requestedBy, String reason, Instant occurredAt)
        implements MarketplaceEvent {

    public OrderRedriveRequested {
        required(orderId, "orderId");
        requiredText(requestedBy, "requestedBy");
        requiredText(reason, "reason");
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
