package com.gitlab.marketplace.durable.steps;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.time.Duration;

/**
 * Runs one kind of step. A service declares each kind it owes as a CDI bean implementing this; the
 * {@link StepEngine} runs due steps on its worker threads, so {@link #run} may block (it may call Zuora,
 * Salesforce or SMTP and wait), never longer than its calls' own timeouts.
 *
 * <p>A handler must be safe to run again: a worker may die after the work took effect and before the step
 * was marked done, and the step then runs once more (on this replica or another). Check what is already done
 * first; call out with the same idempotency key or look up before repeating.
 */
public interface StepHandler {

    /** The kind's name, e.g. {@code zuora.create-subscription}; unique within the service. */
    String kind();

    /** Does one try. */
    StepResult run(Step step) throws Exception;

    /**
     * The step's deadline passed while it still failed: record the incident (the failure event partners and
     * operators see) in {@code tx}, which also marks the step stuck. Nothing by default.
     */
    default Uni<Void> deadlinePassed(SqlClient tx, Step step, String lastError) {
        return Uni.createFrom().voidItem();
    }

    /** How long a step of this kind may keep trying after it is recorded or re-driven. */
    Duration deadline();
}
