package com.gitlab.marketplace.events.zuora;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Zuora called back about a subscription (e.g. "SubscriptionCreated"), and the connector checked it against
 * its own record: the subscription is the one it created for this order. Kept for the order's history;
 * {@code notificationId} is Zuora's stable id of the notification. What follows from it (the license) waits
 * for {@link ZuoraSubscriptionActivated}.
 */
public record ZuoraCalloutReceived(UUID orderId, String notificationId, String event, String subscriptionNumber,
        String accountNumber, String subscriptionStatus, Instant occurredAt) implements MarketplaceEvent {

    public ZuoraCalloutReceived {
        required(orderId, "orderId");
        requiredText(notificationId, "notificationId");
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
