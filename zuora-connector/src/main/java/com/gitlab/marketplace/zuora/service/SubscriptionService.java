package com.gitlab.marketplace.zuora.service;

import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionFailed;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import com.gitlab.marketplace.zuora.client.ZuoraApi;
import com.gitlab.marketplace.zuora.client.ZuoraFailure;
import com.gitlab.marketplace.zuora.config.ZuoraConnectorConfig;
import com.gitlab.marketplace.zuora.repository.ZuoraOrder;
import com.gitlab.marketplace.zuora.repository.ZuoraOrderRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Creates the customer's subscription in Zuora for an order (or for an operator's retry of it), at most
 * once per order whatever is redelivered or wherever the connector crashes:
 * <ul>
 *   <li>an order with a subscription (in any attempt) is done; an attempt already reported failed is done;</li>
 *   <li>before calling Zuora the attempt is marked {@code calling}; finding that mark later means an earlier
 *       call may have succeeded, so Zuora is first asked for a subscription carrying the order id;</li>
 *   <li>the call carries {@code Idempotency-Key = <order id>:<attempt>}, so a repeat within Zuora's 24 h gets
 *       the first answer back;</li>
 *   <li>the result and its event commit in one transaction (outbox): the event is published exactly when
 *       the result is recorded.</li>
 * </ul>
 */
@ApplicationScoped
public class SubscriptionService {

    private static final Logger LOG = Logger.getLogger(SubscriptionService.class);

    private final ZuoraApi zuora;
    private final ZuoraOrderRepository orders;
    private final Pool pool;
    private final ZuoraConnectorConfig config;
    private final Clock clock = Clock.systemUTC();

    public SubscriptionService(ZuoraApi zuora, ZuoraOrderRepository orders, Pool pool, ZuoraConnectorConfig config) {
        this.zuora = zuora;
        this.orders = orders;
        this.pool = pool;
        this.config = config;
    }

    /** Creates the subscription for {@code attempt} of the order (0: as placed; n: the n-th operator retry). */
    public Uni<Void> subscribe(OrderPlaced order, int attempt) {
        UUID orderId = order.orderId();
        return orders.subscriptionOf(orderId).flatMap(subscribed -> {
            if (subscribed.isPresent()) {
                LOG.debugf("order %s already has subscription %s; nothing to do", orderId,
                        subscribed.get().subscriptionNumber());
                return Uni.createFrom().voidItem();
            }
            return orders.find(orderId, attempt).flatMap(earlier -> {
                if (earlier.isPresent() && earlier.get().state() == ZuoraOrder.State.FAILED) {
                    LOG.debugf("order %s attempt %d already reported failed; nothing to do", orderId, attempt);
                    return Uni.createFrom().voidItem();
                }
                boolean mayExistAlready = earlier.isPresent();
                return orders.markCalling(orderId, attempt, clock.instant())
                        .flatMap(marked -> mayExistAlready ? zuora.subscriptionOfOrder(orderId)
                                : Uni.createFrom().item(Optional.<JsonObject>empty()))
                        .flatMap(existing -> existing.isPresent()
                                ? Uni.createFrom().item(Created.fromSubscription(existing.get()))
                                : zuora.createOrder(ZuoraOrderRequest.of(order, config.zuora().currency()),
                                        orderId + ":" + attempt).map(Created::fromOrderResult))
                        .flatMap(created -> recordCreated(orderId, attempt, created))
                        .onFailure(ZuoraFailure.class).recoverWithUni(failure ->
                                recordFailed(orderId, attempt, (ZuoraFailure) failure));
            });
        });
    }

    private Uni<Void> recordCreated(UUID orderId, int attempt, Created created) {
        var now = clock.instant();
        return pool.withTransaction(tx -> orders.markCreated(tx, orderId, attempt, created.subscriptionNumber(),
                        created.accountNumber(), created.zuoraOrderNumber(), now)
                .call(() -> OutboxWriter.append(tx, new ZuoraSubscriptionCreated(orderId, created.subscriptionNumber(),
                        created.accountNumber(), created.zuoraOrderNumber(), now), now)))
                .invoke(() -> LOG.infof("order %s: Zuora subscription %s created (order %s)", orderId,
                        created.subscriptionNumber(), created.zuoraOrderNumber()));
    }

    private Uni<Void> recordFailed(UUID orderId, int attempt, ZuoraFailure failure) {
        boolean retryable = failure instanceof ZuoraFailure.Transient;
        var now = clock.instant();
        return pool.withTransaction(tx -> orders.markFailed(tx, orderId, attempt, failure.code(), failure.getMessage(),
                        retryable, now)
                .call(() -> OutboxWriter.append(tx, new ZuoraSubscriptionFailed(orderId, attempt, retryable,
                        FailureSource.ZUORA, failure.code(), failure.getMessage(), now), now)))
                .invoke(() -> LOG.warnf("order %s attempt %d: Zuora %s: %s %s", orderId, attempt,
                        retryable ? "kept failing (retries exhausted)" : "refused the order", failure.code(),
                        failure.getMessage()));
    }

    /** What Zuora made: from the order's answer, or from the subscription found by order id. */
    private record Created(String subscriptionNumber, String accountNumber, String zuoraOrderNumber) {

        static Created fromOrderResult(JsonObject result) {
            return new Created(result.getJsonArray("subscriptionNumbers").getString(0),
                    result.getString("accountNumber"), result.getString("orderNumber"));
        }

        static Created fromSubscription(JsonObject subscription) {
            return new Created(subscription.getString("subscriptionNumber"),
                    subscription.getString("invoiceOwnerAccountNumber", subscription.getString("accountNumber")),
                    subscription.getString("orderNumber"));
        }
    }
}
