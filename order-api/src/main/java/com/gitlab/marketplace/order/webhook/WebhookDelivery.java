package com.gitlab.marketplace.order.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * One event for a partner's endpoint, and where its delivery stands (the partner's delivery log, API.md §2.7).
 *
 * @param deliveryId     the {@code webhook-id}: the same on every attempt
 * @param stream         what is delivered in order: the subscription's order id, or the ping's own id
 * @param body           the exact JSON that is signed and sent
 * @param attempts       attempts made so far
 * @param retriesFrom    attempts made before the last redelivery; the retry schedule counts from there
 * @param lastStatusCode the endpoint's last answer; null before the first or when none came
 */
public record WebhookDelivery(UUID deliveryId, long seq, String partnerId, UUID stream, String type,
        String externalSubscriptionId, String body, State state, int attempts, int retriesFrom,
        Integer lastStatusCode, String lastError, Instant nextAttemptAt, Instant createdAt, Instant updatedAt) {

    /** Where a delivery stands. */
    public enum State {
        pending, delivered, failed
    }

    /** Failed attempts since it was last queued: the position in the retry schedule. */
    public int retriesSoFar() {
        return attempts - retriesFrom;
    }
}
