package com.gitlab.marketplace.order.projection;

import com.gitlab.marketplace.event.consumer.ProcessedEvents;
import com.gitlab.marketplace.events.FailureEvent;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.notification.LicenseNotificationSent;
import com.gitlab.marketplace.events.partner.ClientUpdated;
import com.gitlab.marketplace.events.partner.PartnerRegistered;
import com.gitlab.marketplace.events.partner.PartnerUpdated;
import com.gitlab.marketplace.events.salesforce.SalesforceRecordsCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChangeFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.order.change.ChangeRepository;
import com.gitlab.marketplace.order.change.SubscriptionChange;
import com.gitlab.marketplace.order.metrics.OrderMetrics;
import com.gitlab.marketplace.order.partner.ClientStates;
import com.gitlab.marketplace.order.partner.PartnerReplica;
import com.gitlab.marketplace.order.status.Failure;
import com.gitlab.marketplace.order.status.LiveSubscription;
import com.gitlab.marketplace.order.status.OrderStatus;
import com.gitlab.marketplace.order.status.OrderStatusRecord;
import com.gitlab.marketplace.order.status.OrderStatusRepository;
import com.gitlab.marketplace.order.status.StatusFacts;
import com.gitlab.marketplace.order.timeline.OrderEventLog;
import com.gitlab.marketplace.order.webhook.WebhookEvents;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Keeps the status read model, the partner replica and the log of order events (the operators' timeline) from
 * the platform's events, a batch per transaction.
 * Each event is recorded by {@code ce_id} in the transaction of its effect (idempotent consumer): a
 * redelivered event changes nothing. Facts only accumulate, so the order in which events arrive does not
 * matter. What a partner sees change becomes a webhook event in the same transaction ({@link WebhookEvents}).
 */
@ApplicationScoped
public class StatusProjection {

    private static final Logger LOG = Logger.getLogger(StatusProjection.class);

    private final Pool pool;
    private final OrderStatusRepository statuses;
    private final PartnerReplica partners;
    private final ClientStates clients;
    private final OrderMetrics metrics;
    private final OrderEventLog eventLog;
    private final ChangeRepository changes;
    private final WebhookEvents webhooks;
    private final Clock clock = Clock.systemUTC();

    public StatusProjection(Pool pool, OrderStatusRepository statuses, PartnerReplica partners,
            ClientStates clients, OrderMetrics metrics, OrderEventLog eventLog, ChangeRepository changes,
            WebhookEvents webhooks) {
        this.changes = changes;
        this.webhooks = webhooks;
        this.pool = pool;
        this.clients = clients;
        this.eventLog = eventLog;
        this.metrics = metrics;
        this.statuses = statuses;
        this.partners = partners;
    }

    /** Applies a batch of events in one transaction; each event once, by {@code ce_id}. */
    public Uni<Void> apply(List<ReceivedEvent> events) {
        List<StatusChange> changes = new ArrayList<>();
        return pool.withTransaction(tx -> ProcessedEvents.firstDeliveries(tx, events)
                        .call(fresh -> eventLog.log(tx, fresh, clock.instant()))
                        .flatMap(fresh -> Multi.createFrom().iterable(fresh)
                                .onItem().transformToUniAndConcatenate(event -> applyOnce(tx, event)
                                        .invoke(change -> {
                                            if (change != null) {
                                                changes.add(change);
                                            }
                                        }))
                                .collect().last()))
                // After the commit: a rolled-back batch, tried again later, must not count twice.
                .invoke(() -> changes.forEach(change -> metrics.reached(change.status(), change.acceptedAt(),
                        change.at())))
                .invoke(webhooks::wake)
                .replaceWithVoid();
    }

    /** An order's new status, for the metrics once it is committed. */
    private record StatusChange(OrderStatus status, Instant acceptedAt, Instant at) {
    }

    private Uni<StatusChange> applyOnce(SqlClient tx, ReceivedEvent event) {
        Instant occurredAt = event.attributes().time() != null ? event.attributes().time() : clock.instant();
        Object payload = event.payload();
        if (payload instanceof PartnerRegistered registered) {
            return partners.apply(tx, registered.partner()).replaceWith((StatusChange) null);
        }
        if (payload instanceof PartnerUpdated updated) {
            return partners.apply(tx, updated.partner()).replaceWith((StatusChange) null);
        }
        if (payload instanceof ClientUpdated client) {
            return clients.apply(tx, client).replaceWith((StatusChange) null);
        }
        if (payload instanceof ZuoraSubscriptionCreated created) {
            return change(tx, created.orderId(), (order, now) -> order
                    .with(order.facts().withZuoraSubscription(created.subscriptionNumber()), now)
                    .with(order.subscription().withTerm(created.termStartDate(), created.termEndDate(),
                            created.autoRenew()), now));
        }
        if (payload instanceof ZuoraSubscriptionChanged changed) {
            // Only the result that settles the change moves the subscription: a repeat of it (a connector that died
            // after publishing it and tried again) may arrive after a later change and must not undo that one.
            BiFunction<OrderStatusRecord, Instant, OrderStatusRecord> made = (order, now) -> order.with(order
                    .subscription().changedTo(changed.orderLines().stream().map(line -> new LiveSubscription.Line(
                            line.productId(), line.quantity())).toList(), changed.termStartDate(),
                            changed.termEndDate(), changed.autoRenew(), changed.cancelledAt()), now);
            return changes.settle(tx, changed.changeId(), SubscriptionChange.Status.Completed, List.of(), clock.instant())
                    .flatMap(settled -> settled.isPresent()
                            // One lock and read of the order for both: the change's event, then the subscription's.
                            ? statuses.lock(tx, changed.orderId()).flatMap(found -> changeUpdated(tx, found,
                                    settled.get()).flatMap(told -> changeLocked(tx, changed.orderId(), found, made)))
                            : Uni.createFrom().item((StatusChange) null).invoke(() -> LOG.infof("order %s: change %s "
                                    + "was settled before; this result of it changes nothing", changed.orderId(),
                                    changed.changeId())));
        }
        if (payload instanceof ZuoraSubscriptionChangeFailed failed) {
            LOG.infof("order %s: Zuora refused change %s (%s): %s %s", failed.orderId(), failed.changeId(),
                    failed.action(), failed.code(), failed.message());
            return changes.settle(tx, failed.changeId(), SubscriptionChange.Status.Failed,
                    List.of(new SubscriptionChange.Error(FailureSource.ZUORA, failed.code(), failed.message(),
                            failed.retryable())), clock.instant())
                    .call(settled -> changeUpdated(tx, settled)).replaceWith((StatusChange) null);
        }
        if (payload instanceof SalesforceRecordsCreated created) {
            return addFact(tx, created.orderId(), StatusFacts::withSalesforceRecords);
        }
        if (payload instanceof LicenseNotificationSent sent) {
            return addFact(tx, sent.orderId(), StatusFacts::withLicenseSent);
        }
        if (payload instanceof FailureEvent failure) {
            return addFact(tx, UUID.fromString(failure.subject()),
                    facts -> facts.withFailure(Failure.of(failure, occurredAt)));
        }
        // Order events are this service's own (applied when written); callouts and activations are not status
        // facts (the license sent is).
        return Uni.createFrom().nullItem();
    }

    /** change.updated for a change just settled (a repeated result settles nothing and tells nothing). */
    private Uni<Void> changeUpdated(SqlClient tx, Optional<SubscriptionChange> settled) {
        if (settled.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return statuses.lock(tx, settled.get().orderId()).flatMap(order -> changeUpdated(tx, order, settled.get()));
    }

    private Uni<Void> changeUpdated(SqlClient tx, Optional<OrderStatusRecord> order, SubscriptionChange settled) {
        return order.isEmpty() ? Uni.createFrom().voidItem()
                : webhooks.changeUpdated(tx, order.get(), settled, clock.instant()).replaceWithVoid();
    }

    private Uni<StatusChange> addFact(SqlClient tx, UUID orderId, UnaryOperator<StatusFacts> fact) {
        return change(tx, orderId, (order, now) -> order.with(fact.apply(order.facts()), now));
    }

    /** Changes an order under its row lock, so concurrent events never overwrite each other's facts. */
    private Uni<StatusChange> change(SqlClient tx, UUID orderId,
            BiFunction<OrderStatusRecord, Instant, OrderStatusRecord> change) {
        return statuses.lock(tx, orderId).flatMap(found -> changeLocked(tx, orderId, found, change));
    }

    /** {@link #change} once the order's row is locked and read ({@code found}). */
    private Uni<StatusChange> changeLocked(SqlClient tx, UUID orderId, Optional<OrderStatusRecord> found,
            BiFunction<OrderStatusRecord, Instant, OrderStatusRecord> change) {
        if (found.isEmpty()) {
            LOG.warnf("event for unknown order %s ignored", orderId);
            return Uni.createFrom().nullItem();
        }
        OrderStatusRecord current = found.get();
        // As the column keeps it: a webhook's updatedAt then matches what GET shows (a partner's updatedSince).
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        OrderStatusRecord next = change.apply(current, now);
        Uni<Void> updated = statuses.update(tx, next, now)
                .call(() -> webhooks.subscriptionUpdated(tx, current, next, now));
        if (next.status() == current.status()) {
            return updated.replaceWith((StatusChange) null);
        }
        LOG.infof("order %s: %s -> %s", orderId, current.status(), next.status());
        return updated.replaceWith(new StatusChange(next.status(), current.createdAt(), now));
    }
}
