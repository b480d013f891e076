package com.gitlab.marketplace.salesforce.service;

import com.gitlab.marketplace.durable.steps.Step;
import com.gitlab.marketplace.durable.steps.StepHandler;
import com.gitlab.marketplace.durable.steps.StepResult;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.IncidentCodes;
import com.gitlab.marketplace.events.salesforce.SalesforceSyncFailed;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import com.gitlab.marketplace.salesforce.client.SalesforceApi;
import com.gitlab.marketplace.salesforce.client.SalesforceFailure;
import com.gitlab.marketplace.salesforce.config.SalesforceConnectorConfig;
import com.gitlab.marketplace.salesforce.repository.CrmOrder;
import com.gitlab.marketplace.salesforce.repository.CrmOrderRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Keeps an order's opportunity in line with what Zuora did: Closed Won with the subscription number once
 * billed, Closed Lost when Zuora refused it. An upsert of the opportunity (a repeat changes nothing), retried
 * like every step until its deadline. It writes the latest outcome at each try, and a newer outcome makes it
 * due again (even while it runs), so any number of Zuora events, in any order, end in the one right stage.
 */
@ApplicationScoped
public class StageStep implements StepHandler {

    private static final Logger LOG = Logger.getLogger(StageStep.class);

    private final SalesforceApi salesforce;
    private final CrmOrderRepository orders;
    private final OpportunityStages stages;
    private final Pool pool;
    private final SalesforceConnectorConfig config;
    private final Duration callWait;
    private final Clock clock = Clock.systemUTC();

    public StageStep(SalesforceApi salesforce, CrmOrderRepository orders, OpportunityStages stages, Pool pool,
            SalesforceConnectorConfig config) {
        this.salesforce = salesforce;
        this.orders = orders;
        this.stages = stages;
        this.pool = pool;
        this.config = config;
        this.callWait = config.salesforce().requestTimeout().multipliedBy(3).plusSeconds(10);
    }

    @Override
    public String kind() {
        return CrmSteps.STAGE;
    }

    @Override
    public Duration deadline() {
        return config.records().deadline();
    }

    @Override
    public StepResult run(Step step) {
        UUID orderId = step.orderId();
        CrmOrder order = orders.find(orderId).await().atMost(callWait).orElseThrow(() -> new IllegalStateException(
                "order " + orderId + " has a step but no row"));
        String due = order.stageDue();
        if (!order.synced() || due.equals(order.stageWritten())) {
            return StepResult.done(); // the records step writes the stage with the records
        }
        try {
            salesforce.compositeAllOrNone(OrderRecords.stage(config.salesforce().apiVersion(), orderId, stages.name(due),
                    order.subscriptionNumber())).await().atMost(callWait);
        } catch (SalesforceFailure.Rejected refused) {
            // The records exist, so a refusal here is the org's (a validation rule, a locked stage): retried until
            // the deadline, then an incident for an operator.
            throw new SalesforceFailure.Transient(refused.code(), refused.getMessage()).withCodeInMessage();
        } catch (SalesforceFailure.Transient failure) {
            throw failure.withCodeInMessage();
        }
        Instant now = clock.instant();
        pool.withTransaction(tx -> orders.markStageWritten(tx, orderId, due, now)).await().atMost(callWait);
        LOG.infof("order %s: opportunity %s (%s)%s", orderId, stages.name(due), due,
                order.subscriptionNumber() == null ? "" : ", subscription " + order.subscriptionNumber());
        return StepResult.done(); // a newer outcome meanwhile made the step due again: it runs once more
    }

    @Override
    public Uni<Void> deadlinePassed(SqlClient tx, Step step, String lastError) {
        Instant now = clock.instant();
        return OutboxWriter.append(tx, new SalesforceSyncFailed(step.orderId(), step.attempt(), true,
                FailureSource.SALESFORCE, IncidentCodes.STAGE_NOT_WRITTEN, "the opportunity's stage could not be brought in line "
                + "with Zuora within " + config.records().deadline() + ": " + lastError, now), now);
    }
}
