package com.gitlab.marketplace.zuora.service;

import com.gitlab.marketplace.durable.steps.DurableSteps;
import com.gitlab.marketplace.durable.steps.NewStep;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.order.SubscriptionChangeRequested;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionActivated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChangeFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionFailed;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import com.gitlab.marketplace.zuora.config.ZuoraConnectorConfig;
import com.gitlab.marketplace.zuora.repository.SubscriptionRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What the connector learns about a subscription, recorded with the event that tells the platform, in the
 * caller's transaction (outbox): it exists (and its activation is now awaited), Zuora refused it, it is active.
 */
@ApplicationScoped
public class SubscriptionResults {

    private static final Logger LOG = Logger.getLogger(SubscriptionResults.class);

    private final SubscriptionRepository subscriptions;
    private final DurableSteps steps;
    private final ZuoraConnectorConfig.Subscriptions config;

    public SubscriptionResults(SubscriptionRepository subscriptions, DurableSteps steps, ZuoraConnectorConfig config) {
        this.subscriptions = subscriptions;
        this.steps = steps;
        this.config = config.subscriptions();
    }

    /**
     * The subscription exists: announce it, and wait for it to be active, by Zuora's callout or, past the
     * callout deadline, by looking it up.
     */
    public Uni<Void> created(SqlClient tx, UUID orderId, int attempt, Created created, Instant now) {
        return subscriptions.markCreated(tx, orderId, created.subscriptionNumber(), created.accountNumber(),
                        created.zuoraOrderNumber(), now)
                .call(() -> OutboxWriter.append(tx, new ZuoraSubscriptionCreated(orderId, created.subscriptionNumber(),
                        created.accountNumber(), created.zuoraOrderNumber(), now, created.term().startDate(),
                        created.term().endDate(), created.term().autoRenew()), now))
                .call(() -> steps.record(tx, new NewStep(SubscriptionSteps.AWAIT_ACTIVATION, orderId.toString(), orderId,
                        attempt, created.subscriptionNumber(), now.plus(config.calloutDeadline()),
                        now.plus(config.activationDeadline()))))
                .invoke(() -> LOG.infof("order %s: Zuora subscription %s created (order %s)%s", orderId,
                        created.subscriptionNumber(), created.zuoraOrderNumber(),
                        created.foundByLookup() ? ", found by looking it up" : ""));
    }

    /** Zuora refused this attempt: nothing is billed for it (API.md §2.4), and the partner may be told so. */
    public Uni<Void> refused(SqlClient tx, UUID orderId, int attempt, boolean retryable, String code, String message,
            Instant now) {
        return subscriptions.markRefused(tx, orderId, attempt, code, message, now)
                .call(() -> OutboxWriter.append(tx, new ZuoraSubscriptionFailed(orderId, attempt, retryable,
                        FailureSource.ZUORA, code, message, now), now))
                .invoke(() -> LOG.warnf("order %s attempt %d: Zuora %s: %s %s; nothing was billed", orderId, attempt,
                        retryable ? "kept refusing for the moment until the deadline" : "refused the order", code,
                        message));
    }

    /** The subscription is active: announce it once, and stop waiting for it. */
    public Uni<Void> active(SqlClient tx, UUID orderId, String subscriptionNumber, String status, String observedBy,
            Instant now) {
        return subscriptions.markStatus(tx, orderId, status, observedBy, now)
                .call(() -> OutboxWriter.append(tx, new ZuoraSubscriptionActivated(orderId, subscriptionNumber,
                        observedBy, now), now))
                .call(() -> steps.complete(tx, SubscriptionSteps.AWAIT_ACTIVATION, orderId.toString()))
                .invoke(() -> LOG.infof("order %s: Zuora subscription %s is active (seen by %s)", orderId,
                        subscriptionNumber, observedBy));
    }

    /** Zuora made a partner's change: announce the subscription as it now is. */
    public Uni<Void> changed(SqlClient tx, SubscriptionChangeRequested change, String zuoraOrderNumber,
            JsonObject subscription, Instant now) {
        boolean cancel = SubscriptionChangeRequested.CANCEL.equals(change.action());
        ZuoraSubscriptionChanged changed = new ZuoraSubscriptionChanged(change.changeId(), change.orderId(),
                change.action(), change.subscriptionNumber(), subscription.getInteger("version", 1), zuoraOrderNumber,
                change.orderLines(), date(subscription, "termStartDate"), date(subscription, "termEndDate"),
                subscription.getBoolean("autoRenew", !cancel), cancel ? now : null, now);
        return OutboxWriter.append(tx, changed, now)
                .invoke(() -> LOG.infof("order %s: change %s (%s) made in Zuora by order %s; subscription %s is at "
                        + "version %d", change.orderId(), change.changeId(), change.action(), zuoraOrderNumber,
                        change.subscriptionNumber(), changed.version()));
    }

    /** Zuora refused a partner's change: nothing changed in billing (API.md §2.4). */
    public Uni<Void> changeRefused(SqlClient tx, SubscriptionChangeRequested change, boolean retryable, String code,
            String message, Instant now) {
        return OutboxWriter.append(tx, new ZuoraSubscriptionChangeFailed(change.changeId(), change.orderId(),
                        change.action(), retryable, code, message, now), now)
                .invoke(() -> LOG.warnf("order %s: Zuora refused change %s (%s): %s %s; nothing changed in billing",
                        change.orderId(), change.changeId(), change.action(), code, message));
    }

    private static LocalDate date(JsonObject subscription, String field) {
        String value = subscription.getString(field);
        return value == null ? null : LocalDate.parse(value);
    }

    /** What Zuora made: from the order's answer, or from the subscription found by order id. */
    public record Created(String subscriptionNumber, String accountNumber, String zuoraOrderNumber,
            ZuoraOrderRequest.Term term, boolean foundByLookup) {

        /** The order's answer names the subscription; its term is the one the request asked for. */
        static Created fromOrderResult(JsonObject result, ZuoraOrderRequest.Term requested) {
            return new Created(result.getJsonArray("subscriptionNumbers").getString(0),
                    result.getString("accountNumber"), result.getString("orderNumber"), requested, false);
        }

        /** A subscription found by looking it up carries its own term (the requested one when it does not). */
        static Created fromSubscription(JsonObject subscription, ZuoraOrderRequest.Term requested) {
            String start = subscription.getString("termStartDate");
            String end = subscription.getString("termEndDate");
            ZuoraOrderRequest.Term term = start == null || end == null ? requested
                    : new ZuoraOrderRequest.Term(LocalDate.parse(start), LocalDate.parse(end),
                            subscription.getBoolean("autoRenew", requested.autoRenew()));
            return new Created(subscription.getString("subscriptionNumber"),
                    subscription.getString("invoiceOwnerAccountNumber", subscription.getString("accountNumber")),
                    subscription.getString("orderNumber"), term, true);
        }
    }
}
