package com.gitlab.marketplace.order.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The subscription as it is now (API.md §2.5): its current lines, its term once Zuora has it (null before),
 * whether it renews at the term end, and when it was cancelled (null unless cancelled).
 */
public record LiveSubscription(List<Line> orderLines, LocalDate termStartDate, LocalDate termEndDate,
        Boolean autoRenew, Instant cancelledAt) {

    public LiveSubscription {
        orderLines = List.copyOf(orderLines);
    }

    /** One line of the subscription: a catalog product and its current quantity. */
    public record Line(String productId, int quantity) {
    }

    /** An order's subscription before Zuora has it: the lines ordered, no term yet. */
    public static LiveSubscription ordered(List<Line> lines) {
        return new LiveSubscription(lines, null, null, null, null);
    }

    /** Zuora has the subscription with this term (an older event without a term leaves the term unknown). */
    public LiveSubscription withTerm(LocalDate start, LocalDate end, Boolean renews) {
        if (start == null || end == null) {
            return this;
        }
        return new LiveSubscription(orderLines, start, end, renews, cancelledAt);
    }

    /** The subscription as Zuora has it after a change; a cancellation, once made, stays. */
    public LiveSubscription changedTo(List<Line> lines, LocalDate start, LocalDate end, boolean renews,
            Instant cancelled) {
        return new LiveSubscription(lines, start, end, renews, cancelled != null ? cancelled : cancelledAt);
    }
}
