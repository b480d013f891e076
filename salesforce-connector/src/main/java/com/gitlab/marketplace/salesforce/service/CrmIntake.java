package com.gitlab.marketplace.salesforce.service;

import com.gitlab.marketplace.durable.steps.DurableSteps;
import com.gitlab.marketplace.durable.steps.NewStep;
import com.gitlab.marketplace.events.EventJson;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.order.OrderRedriveRequested;
import com.gitlab.marketplace.events.order.OrderRetryRequested;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionFailed;
import com.gitlab.marketplace.salesforce.config.SalesforceConnectorConfig;
import com.gitlab.marketplace.salesforce.repository.CrmOrder;
import com.gitlab.marketplace.salesforce.repository.CrmOrderRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Turns order and zuora events into the connector's durable work, in the consumer's transaction: an accepted
 * order becomes its row and a "records" step; what Zuora did (created: won; refused: lost) is kept, and once
 * the records exist the "stage" step runs to write it; each change Zuora made becomes a "change" step; an operator's retry runs again only what is unfinished.
 * Nothing here calls Salesforce.
 */
@ApplicationScoped
public class CrmIntake {

    private static final Logger LOG = Logger.getLogger(CrmIntake.class);

    private final CrmOrderRepository orders;
    private final DurableSteps steps;
    private final SalesforceConnectorConfig.Records config;

    public CrmIntake(CrmOrderRepository orders, DurableSteps steps, SalesforceConnectorConfig config) {
        this.orders = orders;
        this.steps = steps;
        this.config = config.records();
    }

    public Uni<Void> apply(SqlClient tx, ReceivedEvent event, Instant now) {
        Object payload = event.payload();
        if (payload instanceof OrderPlaced placed) {
            return orders.placed(tx, placed, now).flatMap(isNew -> !isNew ? Uni.createFrom().voidItem()
                    : steps.record(tx, NewStep.forOrder(CrmSteps.RECORDS, placed.orderId(), 0, null, now,
                            now.plus(config.deadline()))).replaceWithVoid());
        }
        if (payload instanceof ZuoraSubscriptionCreated created) {
            return orders.zuoraOutcome(tx, created.orderId(), CrmOrder.BILLED, created.subscriptionNumber(), now)
                    .flatMap(order -> stageFollows(tx, order, now));
        }
        if (payload instanceof ZuoraSubscriptionFailed refused) {
            return orders.zuoraOutcome(tx, refused.orderId(), CrmOrder.REFUSED, null, now)
                    .flatMap(order -> stageFollows(tx, order, now));
        }
        if (payload instanceof ZuoraSubscriptionChanged changed) {
            // One step per change, carrying it; a redelivered event finds its step recorded.
            return steps.record(tx, new NewStep(CrmSteps.CHANGE, changed.changeId().toString(), changed.orderId(), 0,
                    EventJson.serializeToString(changed), now, now.plus(config.deadline()))).replaceWithVoid();
        }
        if (payload instanceof OrderRedriveRequested redrive) {
            return steps.redrive(tx, redrive.orderId(), redrive.requestedBy(), redrive.reason()).replaceWithVoid();
        }
        if (payload instanceof OrderRetryRequested retry) {
            return orders.retry(tx, retry.order(), retry.attempt(), now).flatMap(order -> runAgain(tx, order, retry, now));
        }
        return Uni.createFrom().voidItem();
    }

    /** Once the records exist, their opportunity's stage follows what Zuora did (before, the records step writes it). */
    private Uni<Void> stageFollows(SqlClient tx, CrmOrder order, Instant now) {
        if (!order.synced() || order.stageDue().equals(order.stageWritten())) {
            return Uni.createFrom().voidItem();
        }
        return steps.runAgain(tx, NewStep.forOrder(CrmSteps.STAGE, order.orderId(), order.attempt(), null, now,
                now.plus(config.deadline())));
    }

    private Uni<Void> runAgain(SqlClient tx, CrmOrder order, OrderRetryRequested retry, Instant now) {
        if (order.synced()) {
            LOG.infof("order %s retry %d: its records exist; the opportunity's stage is checked again", order.orderId(),
                    retry.attempt());
            return stageFollows(tx, order, now);
        }
        LOG.infof("order %s retry %d by %s: the records are made again", order.orderId(), retry.attempt(),
                retry.requestedBy());
        return steps.reopen(tx, CrmSteps.RECORDS, order.orderId().toString(), retry.attempt(), now,
                        now.plus(config.deadline()))
                .flatMap(reopened -> reopened ? Uni.createFrom().voidItem()
                        : steps.record(tx, NewStep.forOrder(CrmSteps.RECORDS, order.orderId(), retry.attempt(), null,
                                now, now.plus(config.deadline()))).replaceWithVoid());
    }
}
