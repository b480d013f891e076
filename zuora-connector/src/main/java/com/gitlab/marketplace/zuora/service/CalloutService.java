package com.gitlab.marketplace.zuora.service;

import com.gitlab.marketplace.durable.steps.DurableSteps;
import com.gitlab.marketplace.events.zuora.ZuoraCalloutReceived;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionActivated;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import com.gitlab.marketplace.zuora.config.ZuoraConnectorConfig;
import com.gitlab.marketplace.zuora.repository.ProcessedCalloutRepository;
import com.gitlab.marketplace.zuora.repository.SubscriptionRecord;
import com.gitlab.marketplace.zuora.repository.SubscriptionRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Takes a Zuora callout, checked against the connector's own record: the callout must name a subscription
 * this connector created for that order. One accepted is kept ({@code ZuoraCalloutReceived}) and, when it
 * says the subscription is active, the order goes on ({@code ZuoraSubscriptionActivated}, once per order);
 * when it says not yet (Pending Activation, Pending Acceptance), the subscription is looked at again soon.
 * One that names a subscription the connector did not create for that order (another order's, one Zuora
 * refused, an unknown one) is refused: answered 200 so Zuora stops sending it, kept with the reason, counted
 * and logged as an error, and it licenses nothing. Everything a callout changes commits in one transaction
 * with its events (outbox) before Zuora gets its 200.
 */
// Created at startup, so its refusal series exist from the start and an alert on their increase sees the first.
@Startup
@ApplicationScoped
public class CalloutService {

    private static final Logger LOG = Logger.getLogger(CalloutService.class);

    /** How a callout was taken. */
    public enum Outcome {
        /** Recorded with its events. */
        ACCEPTED,
        /** Seen before (same notification id): nothing to do. */
        DUPLICATE,
        /** The order's subscription is still being recorded: Zuora should send it again later. */
        NOT_YET,
        /** It names no subscription the connector created for that order: kept, alerted, nothing else. */
        REFUSED
    }

    /** Why a callout was refused; each is a series of {@code marketplace_zuora_callouts_refused_total}. */
    enum Refusal {
        UNKNOWN_ORDER, UNKNOWN_SUBSCRIPTION, ORDER_REFUSED_BY_ZUORA, SUBSCRIPTION_MISMATCH;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Pool pool;
    private final ProcessedCalloutRepository callouts;
    private final SubscriptionRepository subscriptions;
    private final SubscriptionResults results;
    private final DurableSteps steps;
    private final ZuoraConnectorConfig.Subscriptions config;
    private final Map<Refusal, Counter> refused;
    private final Clock clock = Clock.systemUTC();

    public CalloutService(Pool pool, ProcessedCalloutRepository callouts, SubscriptionRepository subscriptions,
            SubscriptionResults results, DurableSteps steps, ZuoraConnectorConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.callouts = callouts;
        this.subscriptions = subscriptions;
        this.results = results;
        this.steps = steps;
        this.config = config.subscriptions();
        this.refused = Stream.of(Refusal.values()).collect(Collectors.toUnmodifiableMap(Function.identity(),
                reason -> Counter.builder("marketplace_zuora_callouts_refused_total")
                        .description("Zuora callouts refused because they name no subscription the connector created "
                                + "for that order (forged, misrouted or for another system): alert on any")
                        .tag("reason", reason.label()).register(registry)));
    }

    public Uni<Outcome> receive(String notificationId, Callout callout) {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> callouts.seen(tx, notificationId).flatMap(seen -> seen
                ? Uni.createFrom().item(Outcome.DUPLICATE)
                : correlate(tx, callout).flatMap(order -> take(tx, notificationId, callout, order, now))));
    }

    private Uni<Optional<SubscriptionRecord>> correlate(SqlClient tx, Callout callout) {
        return callout.orderId().isPresent() ? subscriptions.lock(tx, callout.orderId().get())
                : subscriptions.lockBySubscription(tx, callout.subscriptionNumber());
    }

    private Uni<Outcome> take(SqlClient tx, String notificationId, Callout callout, Optional<SubscriptionRecord> found,
            Instant now) {
        if (found.isEmpty()) {
            return refuse(tx, notificationId, callout, callout.orderId().isPresent() ? Refusal.UNKNOWN_ORDER
                    : Refusal.UNKNOWN_SUBSCRIPTION, now);
        }
        SubscriptionRecord order = found.get();
        if (!order.exists()) {
            if (order.refused()) {
                return refuse(tx, notificationId, callout, Refusal.ORDER_REFUSED_BY_ZUORA, now);
            }
            LOG.infof("callout %s for order %s arrived before the order's subscription was recorded; Zuora will send "
                    + "it again", notificationId, order.orderId());
            return Uni.createFrom().item(Outcome.NOT_YET);
        }
        if (!order.subscriptionNumber().equals(callout.subscriptionNumber())) {
            return refuse(tx, notificationId, callout, Refusal.SUBSCRIPTION_MISMATCH, now);
        }
        UUID orderId = order.orderId();
        ZuoraCalloutReceived received = new ZuoraCalloutReceived(orderId, notificationId, callout.event(),
                callout.subscriptionNumber(), callout.accountNumber(), callout.status(), now);
        Uni<Void> recorded = callouts.remember(tx, notificationId, orderId, callout.subscriptionNumber(),
                        callout.status(), null, now)
                .call(() -> OutboxWriter.append(tx, received, now));
        if (order.active()) {
            return recorded.replaceWith(Outcome.ACCEPTED);
        }
        if (SubscriptionSteps.ACTIVE.equalsIgnoreCase(callout.status())) {
            return recorded.call(() -> results.active(tx, orderId, order.subscriptionNumber(), callout.status(),
                    ZuoraSubscriptionActivated.BY_CALLOUT, now)).replaceWith(Outcome.ACCEPTED);
        }
        LOG.infof("order %s: callout %s says subscription %s is %s; looking at it again in %s", orderId, notificationId,
                order.subscriptionNumber(), callout.status(), config.activationRecheck());
        return recorded.call(() -> subscriptions.markStatus(tx, orderId, callout.status(), null, now))
                .call(() -> steps.runBy(tx, SubscriptionSteps.AWAIT_ACTIVATION, orderId.toString(),
                        now.plus(config.activationRecheck())))
                .replaceWith(Outcome.ACCEPTED);
    }

    private Uni<Outcome> refuse(SqlClient tx, String notificationId, Callout callout, Refusal reason, Instant now) {
        return callouts.remember(tx, notificationId, callout.orderId().orElse(null), callout.subscriptionNumber(),
                        callout.status(), reason.label(), now)
                .invoke(() -> {
                    refused.get(reason).increment();
                    LOG.errorf("callout %s refused (%s): order %s, subscription %s is not a subscription this "
                            + "connector created for that order; nothing follows from it", notificationId,
                            reason.label(), callout.orderId().map(UUID::toString).orElse("(none)"),
                            callout.subscriptionNumber());
                })
                .replaceWith(Outcome.REFUSED);
    }
}
