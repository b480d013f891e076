package com.gitlab.marketplace.events.order;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A partner's order was accepted. Carries everything downstream services need (event-carried state):
 * the customer, the resolved order lines and the partner's Zuora and Salesforce account ids.
 */
public record OrderPlaced(
        UUID orderId,
        String partnerId,
        String externalSubscriptionId,
        String tradingPartnerId,
        String zuoraInvoiceOwnerAccountNumber,
        String salesforceDistributorAccountId,
        Customer customer,
        List<OrderLine> orderLines,
        Instant occurredAt) implements MarketplaceEvent {

    public OrderPlaced {
        required(orderId, "orderId");
        requiredText(partnerId, "partnerId");
        requiredText(externalSubscriptionId, "externalSubscriptionId");
        required(customer, "customer");
        orderLines = List.copyOf(required(orderLines, "orderLines"));
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
