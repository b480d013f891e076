package com.gitlab.marketplace.order.status;

import java.time.Instant;
import java.util.UUID;

/** A row of the status read model. */
public record OrderStatusRecord(UUID orderId, String partnerId, String externalSubscriptionId, StatusFacts facts,
        Instant createdAt, Instant updatedAt) {

    public OrderStatus status() {
        return facts.status();
    }

    /** The POST answer waits for this: a subscription number, or a failure that ends the wait. */
    public boolean subscriptionSettled() {
        return facts.subscriptionNumber() != null || status() == OrderStatus.Failed;
    }
}
