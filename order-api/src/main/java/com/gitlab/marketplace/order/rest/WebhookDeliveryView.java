package com.gitlab.marketplace.order.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.marketplace.order.webhook.WebhookDelivery;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One event sent (or being sent) to the partner's endpoint: the delivery log of API.md §2.7. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "WebhookDelivery", description = "An event for your endpoint and where its delivery stands")
public record WebhookDeliveryView(
        @Schema(required = true, description = "The webhook-id header: the same on every attempt") UUID id,
        @Schema(required = true, enumeration = {"subscription.updated", "change.updated", "ping"}) String type,
        @Schema(required = true, nullable = true, description = "The subscription it is about; null for a ping",
                example = "AWS-PO-2026-000123") String externalSubscriptionId,
        @Schema(required = true, enumeration = {"pending", "delivered", "failed"},
                description = "pending until your endpoint answers 2xx (delivered) or the retries end (failed)")
        String state,
        @Schema(required = true, description = "Attempts made so far") int attempts,
        @Schema(required = true, nullable = true, type = SchemaType.INTEGER,
                description = "Your endpoint's last status; null before the first attempt or when none came")
        Integer lastStatusCode,
        @Schema(required = true, nullable = true, description = "Why the last attempt failed")
        String lastError,
        @Schema(required = true, nullable = true, implementation = String.class, format = "date-time",
                description = "When the next attempt is due; null once delivered or failed") Instant nextAttemptAt,
        @Schema(required = true, format = "date-time") Instant createdAt) {

    public static WebhookDeliveryView from(WebhookDelivery delivery) {
        return new WebhookDeliveryView(delivery.deliveryId(), delivery.type(), delivery.externalSubscriptionId(),
                delivery.state().name(), delivery.attempts(), delivery.lastStatusCode(), delivery.lastError(),
                delivery.state() == WebhookDelivery.State.pending ? delivery.nextAttemptAt() : null,
                delivery.createdAt());
    }

    /** A page of the log, newest first; {@code nextPageToken} is null on the last page. */
    @Schema(name = "WebhookDeliveryPage")
    public record Page(@Schema(required = true) List<WebhookDeliveryView> deliveries,
            @Schema(required = true, nullable = true) String nextPageToken) {
    }
}
