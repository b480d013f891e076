package com.gitlab.marketplace.events.order;

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
        orderLines = List.copyOf(orderLines);
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
