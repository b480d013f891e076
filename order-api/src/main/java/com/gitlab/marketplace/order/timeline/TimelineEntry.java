package com.gitlab.marketplace.order.timeline;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One thing that happened to an order, in any service. */
@Schema(name = "TimelineEntry")
public record TimelineEntry(
        @Schema(required = true, format = "date-time") Instant at,
        @Schema(required = true, description = "The service it happened in", example = "zuora-connector")
        String source,
        @Schema(required = true, enumeration = {"order", "change", "event", "webhook", "try", "operator"},
                description = "order: placed; change: a change the partner asked for (what: its action, outcome: "
                + "pending, completed, failed); event: an event a service published about it; webhook: an event for "
                + "the partner's endpoint (what: its type, outcome: pending, delivered, failed); try: one call of a "
                + "step to Zuora, Salesforce or SMTP; operator: a retry or re-drive") String kind,
        @Schema(required = true, description = "The event type, the step kind or the operator action",
                example = "zuora.create-subscription") String what,
        @Schema(required = true, description = "ok, failure, retryable_failure (events); the try's outcome "
                + "(done, waiting, error, failed, stuck)", example = "done") String outcome,
        @Schema(required = true, nullable = true, description = "How long the try took") Integer durationMs,
        @Schema(required = true, nullable = true, description = "The error, the subscription, who and why")
        String detail) {
}
