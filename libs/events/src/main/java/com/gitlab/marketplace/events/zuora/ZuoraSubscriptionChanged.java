package com.gitlab.marketplace.events.zuora;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.MarketplaceEvent;
import com.gitlab.marketplace.events.order.OrderLine;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Zuora made a partner's change (a new version of the subscription): what the subscription is now. Carries the
 * lines and the term, so the services that record or license the change need nothing else.
 *
 * @param action   as requested ({@code updateQuantity}, {@code renew}, {@code cancel})
 * @param version  the subscription's version after the change
 * @param termStartDate the current term's first day (after a renewal: the new term's)
 * @param cancelledAt    when the cancellation was made; null for other actions
 */
public record ZuoraSubscriptionChanged(
        UUID changeId,
        UUID orderId,
        String action,
        String subscriptionNumber,
        int version,
        String zuoraOrderNumber,
        List<OrderLine> orderLines,
        LocalDate termStartDate,
        LocalDate termEndDate,
        boolean autoRenew,
        Instant cancelledAt,
        Instant occurredAt) implements MarketplaceEvent {

    public ZuoraSubscriptionChanged {
        required(changeId, "changeId");
        required(orderId, "orderId");
        requiredText(subscriptionNumber, "subscriptionNumber");
        orderLines = List.copyOf(required(orderLines, "orderLines"));
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
