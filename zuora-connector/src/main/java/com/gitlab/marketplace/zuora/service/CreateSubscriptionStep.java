package com.gitlab.marketplace.zuora.service;

import com.gitlab.marketplace.durable.steps.Step;
import com.gitlab.marketplace.durable.steps.StepHandler;
import com.gitlab.marketplace.durable.steps.StepResult;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.IncidentCodes;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionStuck;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import com.gitlab.marketplace.zuora.client.ZuoraApi;
import com.gitlab.marketplace.zuora.client.ZuoraFailure;
import com.gitlab.marketplace.zuora.config.ZuoraConnectorConfig;
import com.gitlab.marketplace.zuora.repository.SubscriptionRecord;
import com.gitlab.marketplace.zuora.repository.SubscriptionRepository;
import com.gitlab.marketplace.zuora.service.SubscriptionResults.Created;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Creates the customer's subscription in Zuora for an order, at most once whatever is retried, by whom, or
 * where the connector dies:
 * <ul>
 *   <li>an order whose subscription is known is done; an attempt Zuora refused stays refused;</li>
 *   <li>before each call the order is marked "outcome unknown"; a try that finds that mark (an earlier call
 *       timed out, failed with a 5xx, or its answer could not be read), and every try of an operator's retry,
 *       first looks the subscription up by {@code MarketplaceOrderId__c} and takes the one it finds;</li>
 *   <li>the call carries {@code Idempotency-Key = <order id>:<attempt>}: a repeat within Zuora's 24 h gets the
 *       first answer back, or 409 while the first is still in progress;</li>
 *   <li>the result and its event commit in one transaction (outbox).</li>
 * </ul>
 * Transient failures are retried with backoff (and Zuora's {@code Retry-After}) until the step's deadline.
 * Past it: if every call was answered without creating anything, the attempt is refused (nothing billed,
 * the order shows {@code Failed}); if a call's outcome stayed unknown, it is an operator incident
 * ({@link ZuoraSubscriptionStuck}), never {@code Failed}.
 */
@ApplicationScoped
public class CreateSubscriptionStep implements StepHandler {

    private static final Logger LOG = Logger.getLogger(CreateSubscriptionStep.class);

    private final ZuoraApi zuora;
    private final SubscriptionRepository subscriptions;
    private final SubscriptionResults results;
    private final Pool pool;
    private final ZuoraConnectorConfig config;
    private final Duration callWait;
    private final Clock clock = Clock.systemUTC();

    public CreateSubscriptionStep(ZuoraApi zuora, SubscriptionRepository subscriptions, SubscriptionResults results,
            Pool pool, ZuoraConnectorConfig config) {
        this.zuora = zuora;
        this.subscriptions = subscriptions;
        this.results = results;
        this.pool = pool;
        this.config = config;
        // A call ends by its own timeout (a token fetch, a 401 and the repeat at most); this only guards against a hang.
        this.callWait = config.zuora().requestTimeout().multipliedBy(3).plusSeconds(10);
    }

    @Override
    public String kind() {
        return SubscriptionSteps.CREATE;
    }

    @Override
    public Duration deadline() {
        return config.subscriptions().createDeadline();
    }

    @Override
    public StepResult run(Step step) {
        UUID orderId = step.orderId();
        SubscriptionRecord order = await(subscriptions.find(orderId)).orElseThrow(() -> new IllegalStateException(
                "order " + orderId + " has a step but no subscription row"));
        if (order.exists()) {
            return StepResult.done();
        }
        if (order.refused()) {
            return StepResult.failed("Zuora refused attempt " + order.attempt());
        }
        int attempt = order.attempt();
        if (attempt > 0 || order.outcomeUnknown()) {
            Optional<JsonObject> found = await(zuora.subscriptionOfOrder(orderId));
            if (found.isPresent()) {
                record(tx -> results.created(tx, orderId, attempt, Created.fromSubscription(found.get(),
                        ZuoraOrderRequest.firstTerm(order.placed())), clock.instant()));
                return StepResult.done();
            }
        }
        await(subscriptions.markOutcomeUnknown(orderId, clock.instant()));
        JsonObject answer;
        try {
            answer = await(zuora.createOrder(ZuoraOrderRequest.of(order.placed(), config.zuora().currency()),
                    orderId + ":" + attempt));
        } catch (ZuoraFailure.Rejected rejected) {
            await(subscriptions.markTryFailed(orderId, rejected.code(), false, clock.instant()));
            record(tx -> results.refused(tx, orderId, attempt, false, rejected.code(), rejected.getMessage(),
                    clock.instant()));
            return StepResult.failed(rejected.code() + " " + rejected.getMessage());
        } catch (ZuoraFailure.Transient failure) {
            // Any earlier unknown outcome was settled by the look-up above: what counts now is this call's.
            await(subscriptions.markTryFailed(orderId, failure.code(), failure.outcomeUnknown(), clock.instant()));
            throw failure;
        }
        record(tx -> results.created(tx, orderId, attempt, Created.fromOrderResult(answer,
                ZuoraOrderRequest.firstTerm(order.placed())), clock.instant()));
        return StepResult.done();
    }

    @Override
    public Uni<Void> deadlinePassed(SqlClient tx, Step step, String lastError) {
        Instant now = clock.instant();
        return subscriptions.lock(tx, step.orderId()).flatMap(found -> {
            SubscriptionRecord order = found.orElse(null);
            if (order == null || order.exists() || order.refused()) {
                return Uni.createFrom().voidItem();
            }
            if (order.outcomeUnknown()) {
                LOG.errorf("order %s attempt %d: whether Zuora created the subscription is unknown after the deadline "
                        + "(%s); not reported as failed. An operator's retry looks it up first", order.orderId(),
                        order.attempt(), lastError);
                return OutboxWriter.append(tx, new ZuoraSubscriptionStuck(order.orderId(), order.attempt(), true,
                        FailureSource.ZUORA, IncidentCodes.OUTCOME_UNKNOWN, "Zuora did not confirm the subscription within "
                        + config.subscriptions().createDeadline() + "; the last try: " + lastError, now), now);
            }
            return results.refused(tx, order.orderId(), order.attempt(), true,
                    order.lastFailureCode() == null ? IncidentCodes.DEADLINE_PASSED : order.lastFailureCode(),
                    "Zuora kept refusing the order for the moment until the deadline: " + lastError, now);
        });
    }

    private void record(Function<SqlConnection, Uni<Void>> work) {
        await(pool.withTransaction(work));
    }

    private <T> T await(Uni<T> call) {
        return call.await().atMost(callWait);
    }
}
