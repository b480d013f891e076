package com.gitlab.marketplace.order.change;

import com.gitlab.marketplace.order.status.LiveSubscription;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A partner's change to a live subscription and where it stands: {@code Pending} until Zuora made it
 * ({@code Completed}) or refused it ({@code Failed}: nothing changed in billing, API.md §2.4).
 *
 * @param orderLines every line of the subscription as the change leaves it
 */
public record SubscriptionChange(UUID changeId, UUID orderId, String externalChangeId, String action,
        List<LiveSubscription.Line> orderLines, Status status, List<Error> errors, Instant createdAt,
        Instant updatedAt) {

    public SubscriptionChange {
        orderLines = List.copyOf(orderLines);
        errors = List.copyOf(errors);
    }

    /** Where a change stands. */
    public enum Status {
        Pending, Completed, Failed
    }

    /** Why a change failed, as the failing system said it. */
    public record Error(String source, String code, String message, boolean retryable) {
    }
}
