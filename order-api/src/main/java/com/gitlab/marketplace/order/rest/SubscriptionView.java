package com.gitlab.marketplace.order.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.order.status.Failure;
import com.gitlab.marketplace.order.status.LiveSubscription;
import com.gitlab.marketplace.order.status.OrderStatusRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A subscription as partners see it (API.md §2.1 and §2.2). {@code subscriptionNumber} is null until Zuora
 * created it; {@code errors} lists the reasons of a failed order, and failures after billing (API.md §2.4).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Subscription", description = "An order and its subscription, as the partner sees it")
public record SubscriptionView(
        @Schema(required = true, description = "The platform's id of the order") UUID id,
        @Schema(required = true, description = "The partner's own id of the order") String externalSubscriptionId,
        @Schema(required = true, enumeration = {"Creating", "Created", "Failed", "Provisioned"},
                description = "Creating while the work is in flight (subscriptionNumber appears once Zuora has the "
                        + "subscription), Created once Zuora and Salesforce both have the order, Provisioned once "
                        + "the customer has also been sent the license; Failed only when Zuora refused the order: "
                        + "nothing was billed and the order may be placed again (see errors)")
        String status,
        @Schema(required = true, nullable = true, description = "Zuora's subscription number; null until Zuora has "
                + "the subscription",
                example = "A-S00000031")
        String subscriptionNumber,
        @Schema(required = true, format = "date-time", example = "2026-11-21T10:00:00Z") Instant createdAt,
        @Schema(required = true, format = "date-time", example = "2026-11-21T10:00:01Z") Instant updatedAt,
        @Schema(required = true, description = "What went wrong: why the order is Failed, or steps that failed after "
                + "billing (the order keeps its status; the platform or an operator completes it)") List<Error> errors,
        @Schema(required = true, description = "The subscription's lines as they are now: the ordered ones, changed "
                + "by completed changes") List<Line> orderLines,
        @Schema(required = true, nullable = true, implementation = String.class, format = "date",
                description = "First day of the current term; "
                + "null until Zuora has the subscription", example = "2026-11-21") LocalDate termStartDate,
        @Schema(required = true, nullable = true, implementation = String.class, format = "date",
                description = "Day the current term ends (the "
                + "subscription renews, or ends when cancelled); null until Zuora has the subscription",
                example = "2027-11-21") LocalDate termEndDate,
        @Schema(required = true, nullable = true, type = SchemaType.BOOLEAN,
                description = "Whether the subscription renews at the term end; "
                + "null until Zuora has the subscription, false once cancelled") Boolean autoRenew,
        @Schema(required = true, nullable = true, implementation = String.class, format = "date-time",
                description = "When the subscription was "
                + "cancelled (it ends at termEndDate); null unless cancelled") Instant cancelledAt) {

    @Schema(name = "SubscriptionLine", description = "A product of the subscription and its current quantity")
    public record Line(
            @Schema(required = true, example = "premium-saas-1y") String productId,
            @Schema(required = true, minimum = "1", example = "25") int quantity) {
    }

    @Schema(name = "SubscriptionError", description = "One reason a step of the order failed")
    public record Error(
            @Schema(required = true, enumeration = {FailureSource.ZUORA, FailureSource.SALESFORCE, FailureSource.NOTIFICATION},
                    description = "The step that failed") String source,
            @Schema(required = true, description = "The failing system's own code", example = "53100320") String code,
            @Schema(required = true, example = "Invalid value 'x' for field 'productRatePlanId'.") String message,
            @Schema(required = true, description = "Whether trying again may succeed without changing the order (the "
                    + "platform or an operator does); false when the order or data must change first") boolean retryable) {
    }

    /** The same view at another time: webhooks compare views without it (an event is sent when more changed). */
    public SubscriptionView withUpdatedAt(Instant at) {
        return new SubscriptionView(id, externalSubscriptionId, status, subscriptionNumber, createdAt, at, errors,
                orderLines, termStartDate, termEndDate, autoRenew, cancelledAt);
    }

    public static SubscriptionView from(OrderStatusRecord record) {
        List<Error> errors = record.facts().activeFailures().stream()
                .map(SubscriptionView::error).toList();
        LiveSubscription live = record.subscription();
        List<Line> lines = live.orderLines().stream().map(line -> new Line(line.productId(), line.quantity())).toList();
        return new SubscriptionView(record.orderId(), record.externalSubscriptionId(), record.status().name(),
                record.facts().subscriptionNumber(), record.createdAt(), record.updatedAt(), errors, lines,
                live.termStartDate(), live.termEndDate(), live.autoRenew(), live.cancelledAt());
    }

    /** A page of the partner's list; {@code nextPageToken} is null on the last page. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "SubscriptionPage", description = "A page of the partner's orders, by last change, oldest first")
    public record Page(@Schema(required = true) List<SubscriptionView> subscriptions,
            @Schema(required = true, nullable = true, description = "Pass as pageToken, with the same filters, for "
                    + "the next page; null on the last page") String nextPageToken) {
    }

    private static Error error(Failure failure) {
        return new Error(failure.source(), failure.code(), PartnerFailureMessages.of(failure), failure.retryable());
    }
}
