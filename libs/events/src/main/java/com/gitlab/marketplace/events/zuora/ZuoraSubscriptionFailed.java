package com.gitlab.marketplace.events.zuora;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.FailureEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * Nothing is billed for this attempt of the order, and no call in flight will bill it: Zuora refused the
 * order, or kept answering in ways that create nothing (rate limits, lock contention) until the deadline.
 * Only this event makes an order {@code Failed} (API.md §2.4). When a call's outcome is unknown the
 * connector looks the subscription up first, and reports {@link ZuoraSubscriptionStuck} when it cannot tell.
 */
public record ZuoraSubscriptionFailed(UUID orderId, int attempt, boolean retryable, String source, String code,
        String message, Instant occurredAt) implements FailureEvent {

    public ZuoraSubscriptionFailed {
        required(orderId, "orderId");
        requiredText(code, "code");
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
