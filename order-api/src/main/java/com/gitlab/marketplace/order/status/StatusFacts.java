package com.gitlab.marketplace.order.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the projection has seen of one order. Every fact only ever gets added, so applying events in any
 * order, any number of times, ends in the same facts; the status is derived from them, never stored as
 * the input of the next step.
 */
public record StatusFacts(
        String subscriptionNumber,
        boolean zuoraSubscriptionCreated,
        boolean salesforceRecordsCreated,
        boolean licenseSent,
        List<Failure> failures,
        Instant lastRetryAt) {

    public StatusFacts {
        failures = List.copyOf(failures);
    }

    public static StatusFacts none() {
        return new StatusFacts(null, false, false, false, List.of(), null);
    }

    public StatusFacts withZuoraSubscription(String number) {
        return new StatusFacts(number, true, salesforceRecordsCreated, licenseSent, failures, lastRetryAt);
    }

    public StatusFacts withSalesforceRecords() {
        return new StatusFacts(subscriptionNumber, zuoraSubscriptionCreated, true, licenseSent, failures, lastRetryAt);
    }

    public StatusFacts withLicenseSent() {
        return new StatusFacts(subscriptionNumber, zuoraSubscriptionCreated, salesforceRecordsCreated, true, failures,
                lastRetryAt);
    }

    public StatusFacts withFailure(Failure failure) {
        List<Failure> more = new ArrayList<>(failures);
        more.add(failure);
        return new StatusFacts(subscriptionNumber, zuoraSubscriptionCreated, salesforceRecordsCreated, licenseSent,
                more, lastRetryAt);
    }

    public StatusFacts withRetryRequested(Instant at) {
        return new StatusFacts(subscriptionNumber, zuoraSubscriptionCreated, salesforceRecordsCreated, licenseSent,
                failures, at);
    }

    /** Failures reported after the last operator retry; earlier ones were dealt with by that retry. */
    public List<Failure> activeFailures() {
        return lastRetryAt == null ? failures
                : failures.stream().filter(f -> f.occurredAt().isAfter(lastRetryAt)).toList();
    }

    /** The status rules of ARCHITECTURE.md. */
    public OrderStatus status() {
        if (!activeFailures().isEmpty()) {
            return OrderStatus.Failed;
        }
        if (zuoraSubscriptionCreated && salesforceRecordsCreated && licenseSent) {
            return OrderStatus.Provisioned;
        }
        if (zuoraSubscriptionCreated && salesforceRecordsCreated) {
            return OrderStatus.Created;
        }
        return OrderStatus.Creating;
    }
}
