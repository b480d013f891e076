package com.gitlab.marketplace.events.zuora;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;
import java.util.UUID;

/** Zuora accepted the order: the customer's subscription exists. */
public record ZuoraSubscriptionCreated(UUID orderId, String subscriptionNumber, String accountNumber,
        String zuoraOrderNumber, Instant occurredAt) implements MarketplaceEvent {

    @Override
    public String subject() {
        return orderId.toString();
    }
}
