package com.gitlab.marketplace.order.status;

import java.time.Instant;
import java.util.UUID;

/** A row of the status read model: what the platform has seen of an order, and its live subscription. */
public record OrderStatusRecord(UUID orderId, String partnerId, String externalSubscriptionId, StatusFacts facts,
        LiveSubscription subscription, Instant createdAt, Instant updatedAt) {

    public OrderStatus status() {
        return facts.status();
    }

    /** The POST answer waits for this: a subscription number, or a failure that ends the wait. */
    public boolean subscriptionSettled() {
        return facts.subscriptionNumber() != null || status() == OrderStatus.Failed;
    }

    /** This order with other facts, changed at {@code at}. */
    public OrderStatusRecord with(StatusFacts newFacts, Instant at) {
        return new OrderStatusRecord(orderId, partnerId, externalSubscriptionId, newFacts, subscription, createdAt, at);
    }

    /** This order with its subscription changed, at {@code at}. */
    public OrderStatusRecord with(LiveSubscription newSubscription, Instant at) {
        return new OrderStatusRecord(orderId, partnerId, externalSubscriptionId, facts, newSubscription, createdAt, at);
    }
}
