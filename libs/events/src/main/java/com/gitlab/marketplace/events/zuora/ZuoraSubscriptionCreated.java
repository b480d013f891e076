package com.gitlab.marketplace.events.zuora;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Zuora accepted the order: the customer's subscription exists, with its first term. The term fields are absent
 * in events written before they existed.
 */
public record ZuoraSubscriptionCreated(UUID orderId, String subscriptionNumber, String accountNumber,
        String zuoraOrderNumber, Instant occurredAt, LocalDate termStartDate, LocalDate termEndDate,
        Boolean autoRenew) implements MarketplaceEvent {

    public ZuoraSubscriptionCreated {
        required(orderId, "orderId");
        requiredText(subscriptionNumber, "subscriptionNumber");
    }

    /** An event without its term, as written before the term was part of it. */
    public ZuoraSubscriptionCreated(UUID orderId, String subscriptionNumber, String accountNumber,
            String zuoraOrderNumber, Instant occurredAt) {
        this(orderId, subscriptionNumber, accountNumber, zuoraOrderNumber, occurredAt, null, null, null);
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
