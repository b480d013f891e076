package com.gitlab.marketplace.salesforce.service;

import com.gitlab.marketplace.durable.steps.DurableSteps;
import com.gitlab.marketplace.durable.steps.NewStep;
import com.gitlab.marketplace.durable.steps.Step;
import com.gitlab.marketplace.durable.steps.StepHandler;
import com.gitlab.marketplace.durable.steps.StepResult;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.IncidentCodes;
import com.gitlab.marketplace.events.salesforce.SalesforceRecordsCreated;
import com.gitlab.marketplace.events.salesforce.SalesforceSyncFailed;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import com.gitlab.marketplace.salesforce.client.SalesforceApi;
import com.gitlab.marketplace.salesforce.client.SalesforceFailure;
import com.gitlab.marketplace.salesforce.config.SalesforceConnectorConfig;
import com.gitlab.marketplace.salesforce.repository.CrmOrder;
import com.gitlab.marketplace.salesforce.repository.CrmOrderRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Makes an order's Salesforce records in one all-or-none composite request of upserts (a repeat updates, never
 * duplicates), after checking what Salesforce must already have ({@link OrderPrerequisites}). The opportunity
 * gets the stage that what Zuora did implies at that moment (won once billed, lost when refused, else open)
 * and the subscription number when known; if Zuora's outcome changed meanwhile, the stage step follows (each
 * side writes its fact under the order's row lock, then looks for the other's). Results and their event
 * commit in one transaction (outbox). A refusal (an unknown trading partner, an invalid email) ends the step
 * until an operator's retry; transient failures are retried until the deadline, then reported retryable.
 */
@ApplicationScoped
public class RecordsStep implements StepHandler {

    private static final Logger LOG = Logger.getLogger(RecordsStep.class);

    private final SalesforceApi salesforce;
    private final OrderPrerequisites prerequisites;
    private final CrmOrderRepository orders;
    private final OpportunityStages stages;
    private final DurableSteps steps;
    private final Pool pool;
    private final SalesforceConnectorConfig config;
    private final Duration callWait;
    private final Clock clock = Clock.systemUTC();

    public RecordsStep(SalesforceApi salesforce, OrderPrerequisites prerequisites, CrmOrderRepository orders,
            OpportunityStages stages, DurableSteps steps, Pool pool, SalesforceConnectorConfig config) {
        this.salesforce = salesforce;
        this.prerequisites = prerequisites;
        this.orders = orders;
        this.stages = stages;
        this.steps = steps;
        this.pool = pool;
        this.config = config;
        // Queries and the composite run one after another, each bounded by its own timeout.
        this.callWait = config.salesforce().requestTimeout().multipliedBy(6).plusSeconds(10);
    }

    @Override
    public String kind() {
        return CrmSteps.RECORDS;
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
        if (order.synced()) {
            return StepResult.done();
        }
        if (order.failed()) {
            return StepResult.failed("Salesforce refused attempt " + order.attempt());
        }
        String stage = order.stageDue();
        List<JsonObject> results;
        try {
            OrderPrerequisites.Found found = prerequisites.of(order.placed()).await().atMost(callWait);
            results = salesforce.compositeAllOrNone(OrderRecords.upserts(config.salesforce().apiVersion(),
                            order.placed(), found.customerRecordType(), found.pricebookId(), found.pricebookEntries(),
                            order.subscriptionNumber(), stages.name(stage)))
                    .await().atMost(callWait);
        } catch (SalesforceFailure.Rejected refused) {
            Instant now = clock.instant();
            pool.withTransaction(tx -> orders.markFailed(tx, orderId, order.attempt(), refused.code(),
                    refused.getMessage(), now).call(() -> OutboxWriter.append(tx, new SalesforceSyncFailed(orderId,
                    order.attempt(), false, FailureSource.SALESFORCE, refused.code(), refused.getMessage(), now), now)))
                    .await().atMost(callWait);
            LOG.warnf("order %s attempt %d: Salesforce refused the records: %s %s", orderId, order.attempt(),
                    refused.code(), refused.getMessage());
            return StepResult.failed(refused.code() + " " + refused.getMessage());
        } catch (SalesforceFailure.Transient failure) {
            throw failure.withCodeInMessage(); // the step keeps the last error: with its code, for operators
        }
        String accountId = id(results, "account");
        String contactId = id(results, "contact");
        String opportunityId = id(results, "opportunity");
        Instant now = clock.instant();
        pool.withTransaction(tx -> orders.lock(tx, orderId).flatMap(locked -> orders.markSynced(tx, orderId, accountId,
                        contactId, opportunityId, stage, now)
                .call(() -> OutboxWriter.append(tx, new SalesforceRecordsCreated(orderId, accountId, contactId,
                        opportunityId, order.subscriptionNumber(), now), now))
                // Zuora's outcome may have arrived while the records were being made: the stage step catches up.
                .call(() -> locked.orElseThrow().stageDue().equals(stage) ? Uni.createFrom().voidItem()
                        : steps.runAgain(tx, NewStep.forOrder(CrmSteps.STAGE, orderId, order.attempt(), null, now,
                                now.plus(config.records().deadline()))))))
                .await().atMost(callWait);
        steps.wake();
        LOG.infof("order %s: Salesforce account %s, contact %s, opportunity %s (%s)", orderId, accountId, contactId,
                opportunityId, stages.name(stage));
        return StepResult.done();
    }

    @Override
    public Uni<Void> deadlinePassed(SqlClient tx, Step step, String lastError) {
        Instant now = clock.instant();
        return OutboxWriter.append(tx, new SalesforceSyncFailed(step.orderId(), step.attempt(), true,
                FailureSource.SALESFORCE, IncidentCodes.DEADLINE_PASSED, "Salesforce did not take the records within "
                + config.records().deadline() + "; the last try: " + lastError, now), now);
    }

    private static String id(List<JsonObject> results, String referenceId) {
        return results.stream().filter(r -> referenceId.equals(r.getString("referenceId"))).findFirst()
                .map(r -> r.getJsonObject("body").getString("id")).orElseThrow(() -> new SalesforceFailure.Transient(
                        "unreadable_answer", "Salesforce's composite answer has no " + referenceId + " id"));
    }
}
