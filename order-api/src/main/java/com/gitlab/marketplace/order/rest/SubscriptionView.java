package com.gitlab.marketplace.order.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.marketplace.order.status.Failure;
import com.gitlab.marketplace.order.status.OrderStatusRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A subscription as partners see it (API.md §2.1 and §2.2). {@code subscriptionNumber} is null until Zuora
 * created it; {@code errors} lists the reasons of a failed order.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SubscriptionView(UUID id, String externalSubscriptionId, String status, String subscriptionNumber,
        Instant createdAt, Instant updatedAt, List<Error> errors) {

    public record Error(String source, String code, String message) {
    }

    public static SubscriptionView from(OrderStatusRecord record) {
        List<Error> errors = record.facts().activeFailures().stream()
                .map(SubscriptionView::error).toList();
        return new SubscriptionView(record.orderId(), record.externalSubscriptionId(), record.status().name(),
                record.facts().subscriptionNumber(), record.createdAt(), record.updatedAt(), errors);
    }

    private static Error error(Failure failure) {
        return new Error(failure.source(), failure.code(), failure.message());
    }
}
