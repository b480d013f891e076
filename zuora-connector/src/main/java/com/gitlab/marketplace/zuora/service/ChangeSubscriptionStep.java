package com.gitlab.marketplace.zuora.service;

import com.gitlab.marketplace.durable.steps.DurableSteps;
import com.gitlab.marketplace.durable.steps.Step;
import com.gitlab.marketplace.durable.steps.StepHandler;
import com.gitlab.marketplace.durable.steps.StepResult;
import com.gitlab.marketplace.events.EventJson;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.IncidentCodes;
import com.gitlab.marketplace.events.order.SubscriptionChangeRequested;
import com.gitlab.marketplace.zuora.client.ZuoraApi;
import com.gitlab.marketplace.zuora.client.ZuoraFailure;
import com.gitlab.marketplace.zuora.config.ZuoraConnectorConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes a partner's change to a subscription in Zuora, at most once whatever is retried or where the connector dies:
 * <ul>
 *   <li>every try after the first first looks for the order that made the change (by {@code MarketplaceChangeId__c}
 *       among the subscription's orders) and takes it when found;</li>
 *   <li>the call carries {@code Idempotency-Key = <change id>:0}: a repeat within Zuora's 24 h gets the first
 *       answer, or 409 while the first is in progress;</li>
 *   <li>the result and its event commit in one transaction (outbox).</li>
 * </ul>
 * Zuora's refusal is the change's {@code Failed} (nothing changed in billing). Transient failures are retried
 * until the step's deadline; past it the change is {@code Failed} only when the last try knew nothing was made,
 * else it is an operator incident and stays {@code Pending}.
 */
@ApplicationScoped
public class ChangeSubscriptionStep implements StepHandler {

    private static final Logger LOG = Logger.getLogger(ChangeSubscriptionStep.class);
    /** Marks a try that ended knowing Zuora made nothing: its look-up found no order, its call was refused for now. */
    static final String NOTHING_MADE = "[nothing made] ";

    private final ZuoraApi zuora;
    private final SubscriptionResults results;
    private final DurableSteps steps;
    private final Pool pool;
    private final ZuoraConnectorConfig config;
    private final Duration callWait;
    private final Clock clock = Clock.systemUTC();

    public ChangeSubscriptionStep(ZuoraApi zuora, SubscriptionResults results, DurableSteps steps, Pool pool,
            ZuoraConnectorConfig config) {
        this.zuora = zuora;
        this.results = results;
        this.steps = steps;
        this.pool = pool;
        this.config = config;
        this.callWait = config.zuora().requestTimeout().multipliedBy(3).plusSeconds(10);
    }

    @Override
    public String kind() {
        return SubscriptionSteps.CHANGE;
    }

    @Override
    public Duration deadline() {
        return config.subscriptions().changeDeadline();
    }

    @Override
    public StepResult run(Step step) {
        SubscriptionChangeRequested change = change(step);
        String number = change.subscriptionNumber();
        if (step.tries() > 0) {
            Optional<JsonObject> made = await(zuora.orderOfChange(number, change.changeId()));
            if (made.isPresent()) {
                LOG.infof("change %s: found Zuora order %s that made it", change.changeId(),
                        made.get().getString("orderNumber"));
                return changed(change, made.get().getString("orderNumber"));
            }
        }
        JsonObject subscription = await(zuora.subscription(number)).orElse(null);
        if (subscription == null) {
            return refused(change, "not_found", "Zuora has no subscription " + number);
        }
        JsonArray actions = ZuoraChangeRequest.actions(change, subscription);
        if (actions.isEmpty()) {
            // The subscription already has what the change asks (an earlier call made it without leaving its order).
            return changed(change, subscription.getString("orderNumber"));
        }
        JsonObject answer;
        try {
            answer = await(zuora.amendSubscription(ZuoraChangeRequest.order(change, actions),
                    change.changeId() + ":0"));
        } catch (ZuoraFailure.Rejected rejected) {
            return refused(change, rejected.code(), rejected.getMessage());
        } catch (ZuoraFailure.Transient failure) {
            throw failure.outcomeUnknown() ? failure : new ZuoraFailure.Transient(failure.code(), NOTHING_MADE
                    + failure.getMessage(), failure.retryAfter().orElse(null), false);
        }
        return changed(change, answer.getString("orderNumber"));
    }

    @Override
    public Uni<Void> deadlinePassed(SqlClient tx, Step step, String lastError) {
        SubscriptionChangeRequested change = change(step);
        if (lastError != null && lastError.startsWith(NOTHING_MADE)) {
            // Failed promises nothing will change: the step ends here (done), so no re-drive can make it later.
            return results.changeRefused(tx, change, true, IncidentCodes.DEADLINE_PASSED, "Zuora kept refusing the "
                    + "change for the moment until the deadline: " + lastError.substring(NOTHING_MADE.length()),
                    clock.instant()).call(() -> steps.complete(tx, SubscriptionSteps.CHANGE, step.subject()));
        }
        LOG.errorf("change %s of order %s: whether Zuora made it is unknown after the deadline (%s); it stays Pending. "
                + "An operator's re-drive looks for it first", change.changeId(), change.orderId(), lastError);
        return Uni.createFrom().voidItem();
    }

    /** The change is made: report the subscription as Zuora has it now. */
    private StepResult changed(SubscriptionChangeRequested change, String zuoraOrderNumber) {
        JsonObject subscription = await(zuora.subscription(change.subscriptionNumber())).orElseThrow(() ->
                new ZuoraFailure.Transient("not_found", "the subscription " + change.subscriptionNumber()
                        + " was changed but cannot be read back", null, false));
        await(pool.withTransaction(tx -> results.changed(tx, change, zuoraOrderNumber, subscription,
                clock.instant())));
        return StepResult.done();
    }

    private StepResult refused(SubscriptionChangeRequested change, String code, String message) {
        await(pool.withTransaction(tx -> results.changeRefused(tx, change, false, code, message, clock.instant())));
        return StepResult.failed(code + " " + message);
    }

    private static SubscriptionChangeRequested change(Step step) {
        return (SubscriptionChangeRequested) EventJson.deserialize(EventType.SUBSCRIPTION_CHANGE_REQUESTED,
                step.payload().getBytes(StandardCharsets.UTF_8));
    }

    private <T> T await(Uni<T> call) {
        return call.await().atMost(callWait);
    }
}
