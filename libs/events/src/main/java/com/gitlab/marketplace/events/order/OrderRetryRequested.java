package com.gitlab.marketplace.events.order;

import static com.gitlab.marketplace.events.EventFields.required;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * An operator asked to retry a failed order. Carries the order again, so a connector without a store
 * of its own can redo its work; {@code attempt} counts retries from 1.
 */
public record OrderRetryRequested(UUID orderId, int attempt, String requestedBy, OrderPlaced order,
        Instant occurredAt) implements MarketplaceEvent {

    public OrderRetryRequested {
        required(orderId, "orderId");
        required(order, "order");
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
