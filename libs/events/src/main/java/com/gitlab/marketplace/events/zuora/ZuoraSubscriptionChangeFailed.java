package com.gitlab.marketplace.events.zuora;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Zuora refused a partner's change: nothing changed in billing (API.md §2.4), the subscription stays as it was.
 * Not a failure of the order (the order stays Provisioned); only the change shows it.
 *
 * @param retryable whether asking again unchanged may succeed (Zuora kept answering "not now" until the deadline)
 */
public record ZuoraSubscriptionChangeFailed(
        UUID changeId,
        UUID orderId,
        String action,
        boolean retryable,
        String code,
        String message,
        Instant occurredAt) implements MarketplaceEvent {

    public ZuoraSubscriptionChangeFailed {
        required(changeId, "changeId");
        required(orderId, "orderId");
        requiredText(code, "code");
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
