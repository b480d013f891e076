package com.gitlab.marketplace.durable.steps;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A unit of work a service owes for an order: one kind (e.g. {@code zuora.create-subscription}) per subject
 * (the order id, or the id of a change to it), recorded in the service's database and run by a worker.
 *
 * @param kind      what to do; names the handler
 * @param subject   what it is done for; with {@code kind}, the step's identity
 * @param orderId   the order it belongs to (operators read an order's steps)
 * @param attempt   the operator attempt it works for (0 as placed, n after the n-th operator retry)
 * @param payload   what the handler needs that its own tables do not hold; may be null
 * @param state     where it stands
 * @param tries     how many times it has been run so far
 * @param generation how often it was made due again from outside (a try that started before does not end it)
 * @param deadline  after this no try starts: a step still failing then is stuck (an operator incident)
 * @param createdAt when it was recorded
 * @param lastError why the last try did not succeed; null after a success
 */
public record Step(String kind, String subject, UUID orderId, int attempt, String payload, State state, int tries,
        int generation, Instant deadline, Instant createdAt, String lastError) {

    /** Where a step stands. */
    public enum State {
        /** To be run (again). */
        PENDING,
        /** Succeeded. */
        DONE,
        /** Ended by a refusal no retry will change; an operator retry may reopen it. */
        FAILED,
        /** Its deadline passed while it still failed: an operator incident until it is re-driven. */
        STUCK;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String column) {
            return valueOf(column.toUpperCase(Locale.ROOT));
        }
    }

    /** The step's identity within its service. */
    public String id() {
        return kind + ":" + subject;
    }
}
