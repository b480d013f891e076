package com.gitlab.marketplace.order.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The bodies of the webhook events (API.md §2.7), as sent and as the partner document describes them:
 * {@code {"type", "timestamp", "data"}}, {@code data} being the partner API's own representation at that moment.
 */
public final class WebhookEventBodies {

    private WebhookEventBodies() {
    }

    @Schema(name = "SubscriptionUpdatedEvent", description = "What GET …/subscriptions/{id} shows changed")
    public record SubscriptionUpdated(
            @Schema(required = true, enumeration = "subscription.updated") String type,
            @Schema(required = true, format = "date-time", description = "When it changed") Instant timestamp,
            @Schema(required = true, description = "The body of GET …/subscriptions/{externalSubscriptionId} then")
            SubscriptionView data) {

        public SubscriptionUpdated(Instant timestamp, SubscriptionView data) {
            this("subscription.updated", timestamp, data);
        }
    }

    @Schema(name = "ChangeUpdatedEvent", description = "A change was requested, or Zuora made or refused it")
    public record ChangeUpdated(
            @Schema(required = true, enumeration = "change.updated") String type,
            @Schema(required = true, format = "date-time", description = "When its status changed") Instant timestamp,
            @Schema(required = true) ChangeData data) {

        public ChangeUpdated(Instant timestamp, String externalSubscriptionId, ChangeView change) {
            this("change.updated", timestamp, new ChangeData(externalSubscriptionId, change.externalChangeId(),
                    change.action(), change.status(), change.orderLines(), change.createdAt(), change.updatedAt(),
                    change.errors()));
        }
    }

    /** The change as GET …/changes/{externalChangeId} shows it, with the subscription it belongs to. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ChangeUpdatedData", description = "The change as GET …/changes/{externalChangeId} shows it, with "
            + "its subscription's externalSubscriptionId")
    public record ChangeData(
            @Schema(required = true, example = "AWS-PO-2026-000123") String externalSubscriptionId,
            @Schema(required = true, example = "AWS-PO-2026-000123-A1") String externalChangeId,
            @Schema(required = true, enumeration = {"updateQuantity", "renew", "cancel"}) String action,
            @Schema(required = true, enumeration = {"Pending", "Completed", "Failed"}) String status,
            @Schema(required = true) List<SubscriptionView.Line> orderLines,
            @Schema(required = true, format = "date-time") Instant createdAt,
            @Schema(required = true, format = "date-time") Instant updatedAt,
            @Schema(required = true) List<SubscriptionView.Error> errors) {
    }

    @Schema(name = "PingEvent", description = "Sent by POST …/webhook/test")
    public record Ping(
            @Schema(required = true, enumeration = "ping") String type,
            @Schema(required = true, format = "date-time") Instant timestamp,
            @Schema(required = true) PingData data) {

        public Ping(Instant timestamp) {
            this("ping", timestamp, new PingData("a test event from GitLab Marketplace"));
        }
    }

    @Schema(name = "PingData")
    public record PingData(@Schema(required = true) String message) {
    }
}
