package com.gitlab.marketplace.events.order;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A partner asked for a change to its live subscription (API.md §2.6): more seats or a new add-on
 * ({@value #UPDATE_QUANTITY}), a new term ({@value #RENEW}), or no renewal ({@value #CANCEL}). Keyed by the order, so
 * each service sees an order's changes in the order they were made.
 *
 * @param changeId        the platform's id of the change: the idempotency key of every effect of it (the Zuora
 *                        order, the Salesforce opportunity, the license email)
 * @param orderLines      every line of the subscription as the change leaves it (new totals; lines not named keep
 *                        their quantity; a new add-on appended), resolved against the catalog
 * @param subscriptionNumber the Zuora subscription the change is for
 */
public record SubscriptionChangeRequested(
        UUID changeId,
        UUID orderId,
        String partnerId,
        String externalSubscriptionId,
        String externalChangeId,
        String action,
        String subscriptionNumber,
        String zuoraInvoiceOwnerAccountNumber,
        List<OrderLine> orderLines,
        Instant occurredAt) implements MarketplaceEvent {

    public static final String UPDATE_QUANTITY = "updateQuantity";
    public static final String RENEW = "renew";
    public static final String CANCEL = "cancel";
    public static final Set<String> ACTIONS = Set.of(UPDATE_QUANTITY, RENEW, CANCEL);

    public SubscriptionChangeRequested {
        required(changeId, "changeId");
        required(orderId, "orderId");
        requiredText(externalChangeId, "externalChangeId");
        requiredText(subscriptionNumber, "subscriptionNumber");
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("action must be one of " + ACTIONS + ", not " + action);
        }
        orderLines = List.copyOf(required(orderLines, "orderLines"));
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
