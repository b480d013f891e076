package com.gitlab.marketplace.order.service;

import com.gitlab.marketplace.events.order.OrderRedriveRequested;
import com.gitlab.marketplace.events.order.OrderRetryRequested;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.order.metrics.OrderMetrics;
import com.gitlab.marketplace.order.status.OrderQuery;
import com.gitlab.marketplace.order.status.OrderStatus;
import com.gitlab.marketplace.order.status.OrderStatusRecord;
import com.gitlab.marketplace.order.status.OrderStatusRepository;
import com.gitlab.marketplace.order.webhook.WebhookEvents;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What operators do with any partner's orders: list and read them, retry a failed one, re-drive one in progress.
 * Each action commits with its audit record and the event that asks the services to act, in one transaction.
 */
@ApplicationScoped
public class OrderOperations {

    private static final Logger LOG = Logger.getLogger(OrderOperations.class);

    private final Pool pool;
    private final OrderRepository orders;
    private final OrderStatusRepository statuses;
    private final OperatorActionRepository actions;
    private final OrderMetrics metrics;
    private final WebhookEvents webhooks;
    private final Clock clock = Clock.systemUTC();

    public OrderOperations(Pool pool, OrderRepository orders, OrderStatusRepository statuses,
            OperatorActionRepository actions, OrderMetrics metrics, WebhookEvents webhooks) {
        this.webhooks = webhooks;
        this.pool = pool;
        this.orders = orders;
        this.statuses = statuses;
        this.actions = actions;
        this.metrics = metrics;
    }

    /** Operators' list of orders: by partner and status, or stuck (unchanged for a while), a page at a time. */
    public Uni<List<OrderStatusRecord>> list(OrderQuery query) {
        return statuses.page(query);
    }

    /** Any partner's order. */
    public Uni<OrderStatusRecord> find(UUID orderId) {
        return statuses.find(orderId).map(found -> found.orElseThrow(() -> notFound(orderId)));
    }

    /** Who retried or re-drove the order, when and why, oldest first. */
    public Uni<List<OperatorAction>> actions(UUID orderId) {
        return actions.ofOrder(orderId);
    }

    /**
     * An operator's retry of an order that failed or has failed steps (Zuora refused it; or, after billing, its
     * Salesforce records, its email, or an incident): the next attempt starts, so the failures of the earlier one
     * are history, and OrderRetryRequested (carrying the order) is published. Each service runs again only what it
     * has not finished; the order shows the status its facts give.
     *
     * @throws ApiException 404 for an unknown order, 409 when nothing of the order failed
     */
    public Uni<OrderStatusRecord> retry(UUID orderId, String operator) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as stored, so a webhook shows what GET does
        return locked(orderId, current -> {
            if (current.facts().activeFailures().isEmpty()) {
                throw new ApiException(409, "nothing_to_retry", "order '" + orderId + "' is " + current.status()
                        + " and none of its steps failed; there is nothing to retry");
            }
            OrderStatusRecord retried = current.with(current.facts().withRetryRequested(now), now);
            return tx -> orders.placed(tx, orderId)
                    .map(placed -> placed.orElseThrow(() -> new IllegalStateException("order row missing for " + orderId)))
                    .call(placed -> statuses.update(tx, retried, now))
                    .call(placed -> webhooks.subscriptionUpdated(tx, current, retried, now))
                    .call(placed -> OutboxWriter.append(tx, new OrderRetryRequested(orderId,
                            retried.facts().attempt(), operator, placed, now), now))
                    .call(placed -> actions.record(tx, new OperatorAction(orderId, OperatorAction.RETRY, operator,
                            null, now)))
                    .replaceWith(retried);
        }).invoke(retried -> {
            metrics.retried();
            LOG.infof("order %s retry %d requested by %s", orderId, retried.facts().attempt(), operator);
        });
    }

    /**
     * An operator's re-drive of an order in progress: OrderRedriveRequested asks every service to run the steps of
     * the order it has not finished now (one waiting for a retry or a callout, or stuck past its deadline), for the
     * same attempt and so with the same idempotency keys and look-ups. Safe to repeat. The order's status does not
     * change until a step's outcome changes it.
     *
     * @throws ApiException 404 for an unknown order, 409 for a Provisioned or Failed order
     */
    public Uni<OrderStatusRecord> redrive(UUID orderId, String operator, String reason) {
        Instant now = clock.instant();
        return locked(orderId, current -> {
            if (current.status() == OrderStatus.Provisioned || current.status() == OrderStatus.Failed) {
                throw new ApiException(409, "not_in_progress", "order '" + orderId + "' is " + current.status()
                        + "; only an order in progress (Creating, Created) is re-driven"
                        + (current.status() == OrderStatus.Failed ? ", a Failed one is retried" : ""));
            }
            return tx -> OutboxWriter.append(tx, new OrderRedriveRequested(orderId, operator, reason, now), now)
                    .call(() -> actions.record(tx, new OperatorAction(orderId, OperatorAction.REDRIVE, operator,
                            reason, now)))
                    .replaceWith(current);
        }).invoke(current -> {
            metrics.redriven();
            LOG.infof("order %s (%s, waiting for %s) re-driven by %s: %s", orderId, current.status(),
                    current.facts().pendingSteps(), operator, reason);
        });
    }

    /** Runs what {@code decide} returns for the order's current state in a transaction that holds its status row. */
    private Uni<OrderStatusRecord> locked(UUID orderId,
            Function<OrderStatusRecord, Function<SqlClient, Uni<OrderStatusRecord>>> decide) {
        return pool.withTransaction(tx -> statuses.lock(tx, orderId).flatMap(found ->
                decide.apply(found.orElseThrow(() -> notFound(orderId))).apply(tx)))
                .invoke(webhooks::wake);
    }

    private static ApiException notFound(UUID orderId) {
        return ApiException.notFound("order '" + orderId + "'");
    }
}
