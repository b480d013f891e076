package com.gitlab.marketplace.salesforce.service;

import com.gitlab.marketplace.durable.steps.Step;
import com.gitlab.marketplace.durable.steps.StepHandler;
import com.gitlab.marketplace.durable.steps.StepResult;
import com.gitlab.marketplace.events.EventJson;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.IncidentCodes;
import com.gitlab.marketplace.events.salesforce.SalesforceSyncFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Records a change Zuora made to a subscription (API.md §2.6) once, whatever is retried: more seats, an add-on or a
 * renewal as an opportunity of its own on the customer's account (won; upserted by the change id, its lines by the
 * change id and line number), a cancellation stamped on the order's opportunity. Waits while the order's own records
 * are not made yet. A refusal is reported like the order's (the order keeps its status; an operator retries).
 */
@ApplicationScoped
public class ChangeRecordsStep implements StepHandler {

    private static final Logger LOG = Logger.getLogger(ChangeRecordsStep.class);
    private static final Duration ORDER_RECORDS_WAIT = Duration.ofSeconds(5);

    private final SalesforceApi salesforce;
    private final OrderPrerequisites prerequisites;
    private final CrmOrderRepository orders;
    private final OpportunityStages stages;
    private final Pool pool;
    private final SalesforceConnectorConfig config;
    private final Duration callWait;
    private final Clock clock = Clock.systemUTC();

    public ChangeRecordsStep(SalesforceApi salesforce, OrderPrerequisites prerequisites, CrmOrderRepository orders,
            OpportunityStages stages, Pool pool, SalesforceConnectorConfig config) {
        this.salesforce = salesforce;
        this.prerequisites = prerequisites;
        this.orders = orders;
        this.stages = stages;
        this.pool = pool;
        this.config = config;
        this.callWait = config.salesforce().requestTimeout().multipliedBy(6).plusSeconds(10);
    }

    @Override
    public String kind() {
        return CrmSteps.CHANGE;
    }

    @Override
    public Duration deadline() {
        return config.records().deadline();
    }

    @Override
    public StepResult run(Step step) {
        ZuoraSubscriptionChanged change = EventJson.deserialize(EventType.ZUORA_SUBSCRIPTION_CHANGED,
                step.payload().getBytes(StandardCharsets.UTF_8));
        CrmOrder order = orders.find(change.orderId()).await().atMost(callWait).orElse(null);
        if (order == null || !order.synced()) {
            return StepResult.retryIn(ORDER_RECORDS_WAIT, "the order's own records are not made yet");
        }
        String api = config.salesforce().apiVersion();
        try {
            if ("cancel".equals(change.action())) {
                salesforce.compositeAllOrNone(OrderRecords.cancellation(api, change)).await().atMost(callWait);
            } else {
                OrderPrerequisites.Found found = prerequisites.of(order.placed(), change.orderLines()).await()
                        .atMost(callWait);
                salesforce.compositeAllOrNone(OrderRecords.changeUpserts(api, order, change, found.pricebookId(),
                        found.pricebookEntries(), stages.name(CrmOrder.WON))).await().atMost(callWait);
            }
        } catch (SalesforceFailure.Rejected refused) {
            Instant now = clock.instant();
            // With the order's current attempt, so that the order lists it until an operator's retry.
            pool.withTransaction(tx -> OutboxWriter.append(tx, new SalesforceSyncFailed(change.orderId(), order.attempt(),
                    false, FailureSource.SALESFORCE, refused.code(), "change " + change.changeId() + ": "
                    + refused.getMessage(), now), now)).await().atMost(callWait);
            LOG.warnf("order %s: Salesforce refused the records of change %s: %s %s", change.orderId(),
                    change.changeId(), refused.code(), refused.getMessage());
            return StepResult.failed(refused.code() + " " + refused.getMessage());
        } catch (SalesforceFailure.Transient failure) {
            throw failure.withCodeInMessage();
        }
        LOG.infof("order %s: change %s (%s) recorded in Salesforce", change.orderId(), change.changeId(),
                change.action());
        return StepResult.done();
    }

    @Override
    public Uni<Void> deadlinePassed(SqlClient tx, Step step, String lastError) {
        Instant now = clock.instant();
        return orders.lock(tx, step.orderId()).flatMap(order -> OutboxWriter.append(tx, new SalesforceSyncFailed(
                step.orderId(), order.map(CrmOrder::attempt).orElse(step.attempt()), true, FailureSource.SALESFORCE,
                IncidentCodes.DEADLINE_PASSED, "Salesforce did not take the records of change " + step.subject()
                + " within " + config.records().deadline() + "; the last try: " + lastError, now), now));
    }
}
