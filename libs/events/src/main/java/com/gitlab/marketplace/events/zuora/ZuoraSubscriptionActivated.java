package com.gitlab.marketplace.events.zuora;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The order's subscription is active in Zuora: the customer may use what was bought, and the license is
 * due. Published once per order, whichever told the connector first: Zuora's callout ({@value #BY_CALLOUT})
 * or the connector's own look-up when no callout came in time, or the subscription was not active yet
 * ({@value #BY_LOOKUP}).
 */
public record ZuoraSubscriptionActivated(UUID orderId, String subscriptionNumber, String observedBy,
        Instant occurredAt) implements MarketplaceEvent {

    public static final String BY_CALLOUT = "callout";
    public static final String BY_LOOKUP = "lookup";

    public ZuoraSubscriptionActivated {
        required(orderId, "orderId");
        requiredText(subscriptionNumber, "subscriptionNumber");
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
