package com.gitlab.marketplace.events.zuora;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.FailureEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * An operator incident, not a refusal: the subscription's creation could not be confirmed either way within
 * its deadline (Zuora timed out or failed in ways that may have created it), or the subscription did not
 * become active within its deadline. Unlike {@link ZuoraSubscriptionFailed} it promises nothing about
 * billing, so the order is never shown {@code Failed} for it; the operator's retry looks the subscription
 * up before anything is sent again.
 */
public record ZuoraSubscriptionStuck(UUID orderId, int attempt, boolean retryable, String source, String code,
        String message, Instant occurredAt) implements FailureEvent {

    public ZuoraSubscriptionStuck {
        required(orderId, "orderId");
        requiredText(code, "code");
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
