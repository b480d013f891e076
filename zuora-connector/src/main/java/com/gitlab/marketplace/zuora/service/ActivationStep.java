package com.gitlab.marketplace.zuora.service;

import com.gitlab.marketplace.durable.steps.Step;
import com.gitlab.marketplace.durable.steps.StepHandler;
import com.gitlab.marketplace.durable.steps.StepResult;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.IncidentCodes;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionActivated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionStuck;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import com.gitlab.marketplace.zuora.client.ZuoraApi;
import com.gitlab.marketplace.zuora.client.ZuoraFailure;
import com.gitlab.marketplace.zuora.config.ZuoraConnectorConfig;
import com.gitlab.marketplace.zuora.repository.SubscriptionRecord;
import com.gitlab.marketplace.zuora.repository.SubscriptionRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Waits for the order's subscription to be active. Zuora's callout usually ends the wait (see
 * {@link CalloutService}); this step runs when the callout deadline passes without one (it was lost, or
 * Zuora gave up on us), or soon after a callout said the subscription is not active yet (Pending Activation,
 * Pending Acceptance). It looks the subscription up: active, and the platform goes on exactly as after a
 * callout; not yet, and it looks again later. Past its deadline a subscription still not active is an
 * operator incident.
 */
@ApplicationScoped
public class ActivationStep implements StepHandler {

    private static final Logger LOG = Logger.getLogger(ActivationStep.class);

    private final ZuoraApi zuora;
    private final SubscriptionRepository subscriptions;
    private final SubscriptionResults results;
    private final Pool pool;
    private final ZuoraConnectorConfig config;
    private final Duration callWait;
    private final Counter reconciliations;
    private final Clock clock = Clock.systemUTC();

    public ActivationStep(ZuoraApi zuora, SubscriptionRepository subscriptions, SubscriptionResults results, Pool pool,
            ZuoraConnectorConfig config, MeterRegistry registry) {
        this.reconciliations = Counter.builder("marketplace_zuora_reconciliations_total")
                .description("Subscriptions found active by looking them up in Zuora because no callout said so by "
                        + "its deadline (a lost callout) or a callout said not yet: each is a callout Zuora did not "
                        + "deliver in time")
                .register(registry);
        this.zuora = zuora;
        this.subscriptions = subscriptions;
        this.results = results;
        this.pool = pool;
        this.config = config;
        this.callWait = config.zuora().requestTimeout().multipliedBy(3).plusSeconds(10);
    }

    @Override
    public String kind() {
        return SubscriptionSteps.AWAIT_ACTIVATION;
    }

    @Override
    public Duration deadline() {
        return config.subscriptions().activationDeadline();
    }

    @Override
    public StepResult run(Step step) {
        UUID orderId = step.orderId();
        SubscriptionRecord order = subscriptions.find(orderId).await().atMost(callWait).orElseThrow(
                () -> new IllegalStateException("order " + orderId + " has a step but no subscription row"));
        if (order.active()) {
            return StepResult.done();
        }
        String number = order.subscriptionNumber();
        JsonObject subscription = zuora.subscription(number).await().atMost(callWait).orElseThrow(
                () -> new ZuoraFailure.Transient("not_found", "Zuora has no subscription " + number, null, false));
        String status = subscription.getString("status", "unknown");
        Instant now = clock.instant();
        boolean reconciled = pool.withTransaction(tx -> subscriptions.lock(tx, orderId).flatMap(locked -> {
            if (locked.isEmpty() || locked.get().active()) {
                return Uni.createFrom().item(false); // a callout was quicker
            }
            return SubscriptionSteps.ACTIVE.equalsIgnoreCase(status)
                    ? results.active(tx, orderId, number, status, ZuoraSubscriptionActivated.BY_LOOKUP, now)
                            .replaceWith(true)
                    : subscriptions.markStatus(tx, orderId, status, null, now).replaceWith(false);
        })).await().atMost(callWait);
        if (reconciled) {
            reconciliations.increment();
        }
        if (SubscriptionSteps.ACTIVE.equalsIgnoreCase(status)) {
            return StepResult.done();
        }
        LOG.infof("order %s: subscription %s is %s; looking again in %s", orderId, number, status,
                config.subscriptions().activationRecheck());
        return StepResult.retryIn(config.subscriptions().activationRecheck(), "subscription " + number + " is " + status);
    }

    @Override
    public Uni<Void> deadlinePassed(SqlClient tx, Step step, String lastError) {
        Instant now = clock.instant();
        return subscriptions.lock(tx, step.orderId()).flatMap(found -> {
            if (found.isEmpty() || found.get().active()) {
                return Uni.createFrom().voidItem();
            }
            SubscriptionRecord order = found.get();
            LOG.errorf("order %s: subscription %s is not active after %s (%s); no license until it is",
                    order.orderId(), order.subscriptionNumber(), config.subscriptions().activationDeadline(), lastError);
            return OutboxWriter.append(tx, new ZuoraSubscriptionStuck(order.orderId(), order.attempt(), true,
                    FailureSource.ZUORA, IncidentCodes.ACTIVATION_OVERDUE, "subscription " + order.subscriptionNumber()
                    + " did not become active within " + config.subscriptions().activationDeadline() + " ("
                    + lastError + ")", now), now);
        });
    }
}
