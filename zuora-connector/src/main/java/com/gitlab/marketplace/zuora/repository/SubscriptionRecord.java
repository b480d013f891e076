package com.gitlab.marketplace.zuora.repository;

import com.gitlab.marketplace.events.order.OrderPlaced;
import java.time.Instant;
import java.util.UUID;

/**
 * What the connector knows of one order's subscription (table {@code subscription}).
 *
 * @param placed         the order it is made from (null only for orders taken before the steps existed)
 * @param attempt        the operator attempt being worked on
 * @param outcomeUnknown a call of this attempt may have created it: look it up before calling again
 */
public record SubscriptionRecord(UUID orderId, OrderPlaced placed, int attempt, boolean outcomeUnknown,
        String lastFailureCode, String subscriptionNumber, String accountNumber, String zuoraOrderNumber,
        Integer refusedAttempt, String subscriptionStatus, Instant activatedAt) {

    /** Zuora has it (we created it, or found it). */
    public boolean exists() {
        return subscriptionNumber != null;
    }

    /** The current attempt was refused by Zuora (reported: nothing billed). */
    public boolean refused() {
        return refusedAttempt != null && refusedAttempt == attempt;
    }

    public boolean active() {
        return activatedAt != null;
    }
}
