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
        if (orderLines.isEmpty()) {
            throw new IllegalArgumentException("orderLines must not be empty");
        }
    }

    @Override
    public String subject() {
        return orderId.toString();
    }

    /**
     * The base plan line: the one source of the subscription's term (Zuora) and of the license's plan, seats
     * and expiry. order-api accepts only orders with exactly one; an event written before lines had a kind
     * falls back to its first line, as both used to.
     */
    public OrderLine basePlan() {
        return OrderLine.basePlan(orderLines);
    }

    /** The lines other than the base plan: the add-ons. */
    public List<OrderLine> addOns() {
        OrderLine plan = basePlan();
        return orderLines.stream().filter(line -> line != plan).toList();
    }
}
