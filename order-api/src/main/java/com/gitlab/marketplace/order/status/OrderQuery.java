package com.gitlab.marketplace.order.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Which orders a list shows: of one partner or all ({@code partnerId} null), optionally the one with the
 * partner's {@code externalSubscriptionId}, in these statuses, optionally only those changed at or after
 * {@code updatedSince} and only those unchanged since {@code notUpdatedSince}, after the last order of the previous
 * page, at most {@code limit}.
 */
public record OrderQuery(String partnerId, String externalSubscriptionId, List<OrderStatus> statuses,
        Instant updatedSince, Instant notUpdatedSince, Position after, int limit) {

    /** The statuses in which the platform still works on an order; only these can be stuck. */
    public static final List<OrderStatus> IN_PROGRESS = List.of(OrderStatus.Creating, OrderStatus.Created);
    static final String[] IN_PROGRESS_NAMES = IN_PROGRESS.stream().map(OrderStatus::name).toArray(String[]::new);

    public OrderQuery {
        statuses = List.copyOf(statuses);
    }

    /** Where a page ended: the paging key of its last order. */
    public record Position(Instant updatedAt, UUID orderId) {
    }
}
