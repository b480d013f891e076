package com.gitlab.marketplace.zuora.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The connector's record of its work per order and attempt, and the order↔subscription map. */
@ApplicationScoped
public class ZuoraOrderRepository {

    private static final String COLUMNS = "order_id, attempt, state, subscription_number, account_number, "
            + "zuora_order_number, failure_code, failure_message, retryable";

    private final Pool pool;

    public ZuoraOrderRepository(Pool pool) {
        this.pool = pool;
    }

    /** The subscription created for the order, in any attempt. */
    public Uni<Optional<ZuoraOrder>> subscriptionOf(UUID orderId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM zuora_order WHERE order_id = $1 AND state = 'created'")
                .execute(Tuple.of(orderId)).map(ZuoraOrderRepository::first);
    }

    public Uni<Optional<ZuoraOrder>> find(UUID orderId, int attempt) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM zuora_order WHERE order_id = $1 AND attempt = $2")
                .execute(Tuple.of(orderId, attempt)).map(ZuoraOrderRepository::first);
    }

    /** The order a subscription was created for; callouts without an order id are correlated by it. */
    public Uni<Optional<UUID>> orderOfSubscription(String subscriptionNumber) {
        return pool.preparedQuery("SELECT order_id FROM zuora_order WHERE subscription_number = $1 AND state = 'created'")
                .execute(Tuple.of(subscriptionNumber))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getUUID("order_id")));
    }

    /** Notes that Zuora is about to be called for this attempt (kept if it already was). */
    public Uni<Void> markCalling(UUID orderId, int attempt, Instant now) {
        return pool.preparedQuery("INSERT INTO zuora_order (order_id, attempt, state, updated_at) "
                        + "VALUES ($1, $2, 'calling', $3) ON CONFLICT (order_id, attempt) DO NOTHING")
                .execute(Tuple.of(orderId, attempt, now.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    public Uni<Void> markCreated(SqlClient tx, UUID orderId, int attempt, String subscriptionNumber,
            String accountNumber, String zuoraOrderNumber, Instant now) {
        return tx.preparedQuery("INSERT INTO zuora_order (order_id, attempt, state, subscription_number, account_number, "
                        + "zuora_order_number, updated_at) VALUES ($1, $2, 'created', $3, $4, $5, $6) "
                        + "ON CONFLICT (order_id, attempt) DO UPDATE SET state = 'created', "
                        + "subscription_number = EXCLUDED.subscription_number, account_number = EXCLUDED.account_number, "
                        + "zuora_order_number = EXCLUDED.zuora_order_number, updated_at = EXCLUDED.updated_at")
                .execute(Tuple.tuple().addUUID(orderId).addInteger(attempt).addString(subscriptionNumber)
                        .addString(accountNumber).addString(zuoraOrderNumber)
                        .addOffsetDateTime(now.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<Void> markFailed(SqlClient tx, UUID orderId, int attempt, String code, String message,
            boolean retryable, Instant now) {
        return tx.preparedQuery("INSERT INTO zuora_order (order_id, attempt, state, failure_code, failure_message, "
                        + "retryable, updated_at) VALUES ($1, $2, 'failed', $3, $4, $5, $6) "
                        + "ON CONFLICT (order_id, attempt) DO UPDATE SET state = 'failed', failure_code = EXCLUDED.failure_code, "
                        + "failure_message = EXCLUDED.failure_message, retryable = EXCLUDED.retryable, "
                        + "updated_at = EXCLUDED.updated_at")
                .execute(Tuple.tuple().addUUID(orderId).addInteger(attempt).addString(code).addString(message)
                        .addBoolean(retryable).addOffsetDateTime(now.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static Optional<ZuoraOrder> first(RowSet<Row> rows) {
        if (rows.rowCount() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new ZuoraOrder(row.getUUID("order_id"), row.getInteger("attempt"),
                ZuoraOrder.State.valueOf(row.getString("state").toUpperCase(Locale.ROOT)),
                row.getString("subscription_number"), row.getString("account_number"),
                row.getString("zuora_order_number"), row.getString("failure_code"), row.getString("failure_message"),
                row.getBoolean("retryable")));
    }
}
