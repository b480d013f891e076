package com.gitlab.marketplace.events.zuora;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;
import java.util.UUID;

/** Zuora accepted the order: the customer's subscription exists. */
public record ZuoraSubscriptionCreated(UUID orderId, String subscriptionNumber, String accountNumber,
        String zuoraOrderNumber, Instant occurredAt) implements MarketplaceEvent {

    public ZuoraSubscriptionCreated {
        required(orderId, "orderId");
        requiredText(subscriptionNumber, "subscriptionNumber");
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
