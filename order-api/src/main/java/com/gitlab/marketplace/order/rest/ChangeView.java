package com.gitlab.marketplace.order.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.marketplace.order.change.SubscriptionChange;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A change to a live subscription as the partner sees it (API.md §2.6). */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "SubscriptionChange", description = "A change to a live subscription and where it stands")
public record ChangeView(
        @Schema(required = true, description = "Your own id of the change", example = "AWS-PO-2026-000123-A1")
        String externalChangeId,
        @Schema(required = true, enumeration = {"updateQuantity", "renew", "cancel"}) String action,
        @Schema(required = true, enumeration = {"Pending", "Completed", "Failed"},
                description = "Pending until Zuora made the change (Completed) or refused it (Failed: nothing changed "
                        + "in billing, the subscription is as before; see errors)") String status,
        @Schema(required = true, description = "Every line of the subscription as the change leaves it")
        List<SubscriptionView.Line> orderLines,
        @Schema(required = true, format = "date-time") Instant createdAt,
        @Schema(required = true, format = "date-time") Instant updatedAt,
        @Schema(required = true, description = "Why a Failed change failed") List<SubscriptionView.Error> errors) {

    /** The changes of a subscription, oldest first. */
    @Schema(name = "SubscriptionChangeList")
    public record Changes(@Schema(required = true) List<ChangeView> changes) {
    }

    public static ChangeView from(SubscriptionChange change) {
        return new ChangeView(change.externalChangeId(), change.action(), change.status().name(),
                change.orderLines().stream().map(line -> new SubscriptionView.Line(line.productId(), line.quantity()))
                        .toList(), change.createdAt(), change.updatedAt(),
                change.errors().stream().map(error -> new SubscriptionView.Error(error.source(), error.code(),
                        error.message(), error.retryable())).toList());
    }
}
