package com.gitlab.marketplace.zuora.repository;

import com.gitlab.marketplace.events.EventJson;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.order.OrderPlaced;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** The connector's record of each order's subscription, the order↔subscription map. */
@ApplicationScoped
public class SubscriptionRepository {

    private static final String COLUMNS = "order_id, placed::text AS placed, attempt, outcome_unknown, "
            + "last_failure_code, subscription_number, account_number, zuora_order_number, refused_attempt, "
            + "subscription_status, activated_at";

    private final Pool pool;

    public SubscriptionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Notes a new order (a repeat changes nothing); answers whether it was new. */
    public Uni<Boolean> insert(SqlClient tx, OrderPlaced order, Instant now) {
        return tx.preparedQuery("INSERT INTO subscription (order_id, placed, attempt, updated_at) "
                        + "VALUES ($1, $2::text::jsonb, 0, $3) ON CONFLICT (order_id) DO NOTHING")
                .execute(Tuple.of(order.orderId(), EventJson.serializeToString(order), utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** An operator's retry: attempt {@code attempt} of the order (never back to an earlier one). */
    public Uni<SubscriptionRecord> retry(SqlClient tx, OrderPlaced order, int attempt, Instant now) {
        return tx.preparedQuery("INSERT INTO subscription (order_id, placed, attempt, updated_at) "
                        + "VALUES ($1, $2::text::jsonb, $3, $4) ON CONFLICT (order_id) DO UPDATE "
                        + "SET attempt = GREATEST(subscription.attempt, EXCLUDED.attempt), "
                        + "placed = COALESCE(subscription.placed, EXCLUDED.placed), updated_at = EXCLUDED.updated_at "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.of(order.orderId(), EventJson.serializeToString(order), attempt, utc(now)))
                .map(rows -> map(rows.iterator().next()));
    }

    public Uni<Optional<SubscriptionRecord>> find(UUID orderId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM subscription WHERE order_id = $1")
                .execute(Tuple.of(orderId)).map(SubscriptionRepository::first);
    }

    /** The row, locked until the transaction ends: callouts and steps for one order are applied one at a time. */
    public Uni<Optional<SubscriptionRecord>> lock(SqlClient tx, UUID orderId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM subscription WHERE order_id = $1 FOR UPDATE")
                .execute(Tuple.of(orderId)).map(SubscriptionRepository::first);
    }

    /** The order a subscription was created for, locked; callouts without an order id are correlated by it. */
    public Uni<Optional<SubscriptionRecord>> lockBySubscription(SqlClient tx, String subscriptionNumber) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM subscription WHERE subscription_number = $1 FOR UPDATE")
                .execute(Tuple.of(subscriptionNumber)).map(SubscriptionRepository::first);
    }

    /** Before a call that may create the subscription: from now on its outcome is unknown until settled. */
    public Uni<Void> markOutcomeUnknown(UUID orderId, Instant now) {
        return pool.preparedQuery("UPDATE subscription SET outcome_unknown = true, updated_at = $2 "
                        + "WHERE order_id = $1 AND NOT outcome_unknown")
                .execute(Tuple.of(orderId, utc(now))).replaceWithVoid();
    }

    /**
     * A try failed: its code, and whether what was sent may have taken effect. {@code settled} (Zuora answered
     * and created nothing, right after a look-up found nothing) clears an earlier unknown outcome.
     */
    public Uni<Void> markTryFailed(UUID orderId, String code, boolean outcomeUnknown, Instant now) {
        return pool.preparedQuery("UPDATE subscription SET last_failure_code = $2, outcome_unknown = $3, "
                        + "updated_at = $4 WHERE order_id = $1")
                .execute(Tuple.of(orderId, code, outcomeUnknown, utc(now))).replaceWithVoid();
    }

    public Uni<Void> markCreated(SqlClient tx, UUID orderId, String subscriptionNumber, String accountNumber,
            String zuoraOrderNumber, Instant now) {
        return tx.preparedQuery("UPDATE subscription SET subscription_number = $2, account_number = $3, "
                        + "zuora_order_number = $4, created_at = $5, outcome_unknown = false, updated_at = $5 "
                        + "WHERE order_id = $1")
                .execute(Tuple.of(orderId, subscriptionNumber, accountNumber, zuoraOrderNumber, utc(now)))
                .replaceWithVoid();
    }

    public Uni<Void> markRefused(SqlClient tx, UUID orderId, int attempt, String code, String message, Instant now) {
        return tx.preparedQuery("UPDATE subscription SET refused_attempt = $2, refused_code = $3, refused_message = $4, "
                        + "updated_at = $5 WHERE order_id = $1")
                .execute(Tuple.of(orderId, attempt, code, message, utc(now))).replaceWithVoid();
    }

    /** The subscription's status as Zuora told it; {@code activatedBy} when it is active and was not before. */
    public Uni<Void> markStatus(SqlClient tx, UUID orderId, String status, String activatedBy, Instant now) {
        return tx.preparedQuery("UPDATE subscription SET subscription_status = $2, "
                        + "activated_at = CASE WHEN $3::text IS NULL THEN activated_at ELSE COALESCE(activated_at, $4) END, "
                        + "activated_by = COALESCE(activated_by, $3::text), updated_at = $4 WHERE order_id = $1")
                .execute(Tuple.of(orderId, status, activatedBy, utc(now))).replaceWithVoid();
    }

    private static Optional<SubscriptionRecord> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next()));
    }

    private static SubscriptionRecord map(Row row) {
        String placed = row.getString("placed");
        OffsetDateTime activated = row.getOffsetDateTime("activated_at");
        return new SubscriptionRecord(row.getUUID("order_id"), placed == null ? null
                        : EventJson.deserialize(EventType.ORDER_PLACED, placed.getBytes(StandardCharsets.UTF_8)),
                row.getInteger("attempt"), row.getBoolean("outcome_unknown"), row.getString("last_failure_code"),
                row.getString("subscription_number"), row.getString("account_number"),
                row.getString("zuora_order_number"), row.getInteger("refused_attempt"),
                row.getString("subscription_status"), activated == null ? null : activated.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
