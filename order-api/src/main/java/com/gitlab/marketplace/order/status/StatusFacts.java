package com.gitlab.marketplace.order.status;

import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.IncidentCodes;
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
        int attempt,
        Instant lastRetryAt) {

    public StatusFacts {
        failures = List.copyOf(failures);
    }

    public static StatusFacts none() {
        return new StatusFacts(null, false, false, false, List.of(), 0, null);
    }

    public StatusFacts withZuoraSubscription(String number) {
        return new StatusFacts(number, true, salesforceRecordsCreated, licenseSent, failures, attempt, lastRetryAt);
    }

    public StatusFacts withSalesforceRecords() {
        return new StatusFacts(subscriptionNumber, zuoraSubscriptionCreated, true, licenseSent, failures, attempt,
                lastRetryAt);
    }

    public StatusFacts withLicenseSent() {
        return new StatusFacts(subscriptionNumber, zuoraSubscriptionCreated, salesforceRecordsCreated, true, failures,
                attempt, lastRetryAt);
    }

    public StatusFacts withFailure(Failure failure) {
        List<Failure> more = new ArrayList<>(failures);
        more.add(failure);
        return new StatusFacts(subscriptionNumber, zuoraSubscriptionCreated, salesforceRecordsCreated, licenseSent,
                more, attempt, lastRetryAt);
    }

    /** An operator retry: the next attempt starts; {@code at} is kept for operators to read. */
    public StatusFacts withRetryRequested(Instant at) {
        return new StatusFacts(subscriptionNumber, zuoraSubscriptionCreated, salesforceRecordsCreated, licenseSent,
                failures, attempt + 1, at);
    }

    /**
     * Failures of the current attempt (or a later one); failures of earlier attempts were dealt with by the
     * retry that followed them, whenever they arrive. Judged by attempt numbers, never by clocks. A refusal by
     * Zuora no longer counts once the subscription exists (a later attempt made it).
     */
    public List<Failure> activeFailures() {
        return failures.stream().filter(f -> f.attempt() >= attempt)
                .filter(f -> !(f.nothingBilled() && zuoraSubscriptionCreated))
                .filter(f -> !overcome(f)).toList();
    }

    /**
     * An incident (a step that kept failing until its deadline) is over once what that step was for is a fact: an
     * operator re-drove the step, with the same attempt, and it succeeded. Other failures stay until a retry.
     */
    private boolean overcome(Failure failure) {
        if (!failure.retryable() || failure.nothingBilled()) {
            return false;
        }
        return switch (failure.source()) {
            case FailureSource.ZUORA -> IncidentCodes.OUTCOME_UNKNOWN.equals(failure.code())
                    ? zuoraSubscriptionCreated
                    : IncidentCodes.ACTIVATION_OVERDUE.equals(failure.code()) && licenseSent;
            case FailureSource.SALESFORCE -> IncidentCodes.DEADLINE_PASSED.equals(failure.code())
                    && salesforceRecordsCreated;
            case FailureSource.NOTIFICATION -> licenseSent;
            default -> false;
        };
    }

    /**
     * The status rules of ARCHITECTURE.md. {@code Failed} promises that nothing is billed (API.md §2.4): only
     * Zuora's refusal of the current attempt shows it, and never once the subscription exists. Every other
     * failure (Salesforce, the email, an incident) is listed in the errors while the order keeps its status.
     */
    public OrderStatus status() {
        if (!zuoraSubscriptionCreated && activeFailures().stream().anyMatch(Failure::nothingBilled)) {
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

    /**
     * The steps an order in progress still waits for, named like the {@code source} of its errors: the Zuora
     * subscription, the Salesforce records, the license email (which follows Zuora's activation callout). Empty
     * for an order that is Provisioned or Failed: nothing runs for it until an operator retries.
     */
    public List<String> pendingSteps() {
        OrderStatus status = status();
        if (status == OrderStatus.Provisioned || status == OrderStatus.Failed) {
            return List.of();
        }
        List<String> pending = new ArrayList<>(3);
        if (!zuoraSubscriptionCreated) {
            pending.add(FailureSource.ZUORA);
        }
        if (!salesforceRecordsCreated) {
            pending.add(FailureSource.SALESFORCE);
        }
        if (!licenseSent) {
            pending.add(FailureSource.NOTIFICATION);
        }
        return List.copyOf(pending);
    }
}
