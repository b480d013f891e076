package com.gitlab.marketplace.zuora.service;

import com.gitlab.marketplace.durable.steps.DurableSteps;
import com.gitlab.marketplace.durable.steps.NewStep;
import com.gitlab.marketplace.events.EventJson;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.order.OrderRedriveRequested;
import com.gitlab.marketplace.events.order.OrderRetryRequested;
import com.gitlab.marketplace.events.order.SubscriptionChangeRequested;
import com.gitlab.marketplace.zuora.config.ZuoraConnectorConfig;
import com.gitlab.marketplace.zuora.repository.SubscriptionRecord;
import com.gitlab.marketplace.zuora.repository.SubscriptionRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Turns order events into the connector's durable work, in the consumer's transaction: an accepted order
 * becomes its subscription row and a "create" step, a partner's change a "change" step; an operator's retry runs again only what is unfinished
 * (creating the subscription if Zuora has none yet, else waiting for it to be active). Nothing here calls Zuora.
 */
@ApplicationScoped
public class OrderIntake {

    private static final Logger LOG = Logger.getLogger(OrderIntake.class);

    private final SubscriptionRepository subscriptions;
    private final DurableSteps steps;
    private final ZuoraConnectorConfig.Subscriptions config;

    public OrderIntake(SubscriptionRepository subscriptions, DurableSteps steps, ZuoraConnectorConfig config) {
        this.subscriptions = subscriptions;
        this.steps = steps;
        this.config = config.subscriptions();
    }

    public Uni<Void> apply(SqlClient tx, ReceivedEvent event, Instant now) {
        if (event.payload() instanceof OrderPlaced placed) {
            return subscriptions.insert(tx, placed, now).flatMap(isNew -> !isNew ? Uni.createFrom().voidItem()
                    : steps.record(tx, NewStep.forOrder(SubscriptionSteps.CREATE, placed.orderId(), 0, null, now,
                            now.plus(config.createDeadline()))).replaceWithVoid());
        }
        if (event.payload() instanceof SubscriptionChangeRequested change) {
            // The step carries the change (event-carried state); a redelivered request finds its step recorded.
            return steps.record(tx, new NewStep(SubscriptionSteps.CHANGE, change.changeId().toString(), change.orderId(),
                    0, EventJson.serializeToString(change), now, now.plus(config.changeDeadline()))).replaceWithVoid();
        }
        if (event.payload() instanceof OrderRedriveRequested redrive) {
            return steps.redrive(tx, redrive.orderId(), redrive.requestedBy(), redrive.reason()).replaceWithVoid();
        }
        if (event.payload() instanceof OrderRetryRequested retry) {
            return subscriptions.retry(tx, retry.order(), retry.attempt(), now)
                    .flatMap(order -> runAgain(tx, order, retry, now));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> runAgain(SqlClient tx, SubscriptionRecord order, OrderRetryRequested retry, Instant now) {
        if (order.exists() && order.active()) {
            LOG.infof("order %s retry %d: its subscription %s exists and is active; nothing to redo", order.orderId(),
                    retry.attempt(), order.subscriptionNumber());
            return Uni.createFrom().voidItem();
        }
        String kind = order.exists() ? SubscriptionSteps.AWAIT_ACTIVATION : SubscriptionSteps.CREATE;
        Instant deadline = now.plus(order.exists() ? config.activationDeadline() : config.createDeadline());
        String payload = order.exists() ? order.subscriptionNumber() : null;
        LOG.infof("order %s retry %d by %s: %s runs again", order.orderId(), retry.attempt(), retry.requestedBy(), kind);
        return steps.reopen(tx, kind, order.orderId().toString(), retry.attempt(), now, deadline)
                .flatMap(reopened -> reopened ? Uni.createFrom().voidItem()
                        : steps.record(tx, new NewStep(kind, order.orderId().toString(), order.orderId(), retry.attempt(),
                                payload, now, deadline)).replaceWithVoid());
    }
}
