package com.gitlab.marketplace.order.rest.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.order.rest.SubscriptionView;
import com.gitlab.marketplace.order.status.OrderStatusRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An order as operators see it: whose it is, where it stands, what it waits for, what went wrong. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "OperatorOrder", description = "An order of any partner, with what the platform still waits for")
public record OperatorOrderView(
        @Schema(required = true) UUID id,
        @Schema(required = true) String partnerId,
        @Schema(required = true) String externalSubscriptionId,
        @Schema(required = true, enumeration = {"Creating", "Created", "Failed", "Provisioned"}) String status,
        @Schema(required = true, nullable = true, example = "A-S00000031") String subscriptionNumber,
        @Schema(required = true, description = "The steps not done yet, for an order in progress (empty when "
                + "Provisioned or Failed): the Zuora subscription, the Salesforce records, the license email "
                + "(which follows Zuora's activation callout)",
                type = SchemaType.ARRAY, implementation = PendingStep.class)
        List<String> waitingFor,
        @Schema(required = true, description = "The current attempt: 0, or the number of operator retries so far")
        int attempt,
        @Schema(required = true, nullable = true, format = "date-time") Instant lastRetryAt,
        @Schema(required = true, format = "date-time") Instant createdAt,
        @Schema(required = true, format = "date-time", description = "The order's last change; an order in "
                + "progress unchanged for long is stuck") Instant updatedAt,
        @Schema(required = true, description = "The failures of the current attempt, as the partner sees them")
        List<SubscriptionView.Error> errors) {

    static OperatorOrderView from(OrderStatusRecord record) {
        return new OperatorOrderView(record.orderId(), record.partnerId(), record.externalSubscriptionId(),
                record.status().name(), record.facts().subscriptionNumber(), record.facts().pendingSteps(),
                record.facts().attempt(), record.facts().lastRetryAt(), record.createdAt(), record.updatedAt(),
                SubscriptionView.from(record).errors());
    }

    /** The schema of one {@code waitingFor} item: an enum on the list itself would constrain the array, not its items. */
    @Schema(name = "PendingStep", type = SchemaType.STRING,
            enumeration = {FailureSource.ZUORA, FailureSource.SALESFORCE, FailureSource.NOTIFICATION})
    interface PendingStep {
    }

    /** A page of the list; {@code nextPageToken} is null on the last page. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "OperatorOrderPage")
    public record Page(@Schema(required = true) List<OperatorOrderView> orders,
            @Schema(required = true, nullable = true, description = "Pass as pageToken for the next page; null on "
                    + "the last page") String nextPageToken) {
    }
}
