package com.gitlab.marketplace.order.status;

import com.gitlab.marketplace.events.FailureEvent;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionFailed;
import java.time.Instant;

/**
 * A failure fact of an order, as reported by a connector or the notification service.
 *
 * @param nothingBilled Zuora refused the attempt ({@link ZuoraSubscriptionFailed}): the only kind of failure that
 *                      may show an order {@code Failed} (API.md §2.4); every other one is listed, never {@code Failed}
 */
public record Failure(String source, String code, String message, boolean retryable, int attempt,
        Instant occurredAt, boolean nothingBilled) {

    public static Failure of(FailureEvent event, Instant occurredAt) {
        return new Failure(event.source(), event.code(), event.message(), event.retryable(), event.attempt(),
                occurredAt, event instanceof ZuoraSubscriptionFailed);
    }
}
