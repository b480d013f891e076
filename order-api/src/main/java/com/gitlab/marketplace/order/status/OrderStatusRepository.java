package com.gitlab.marketplace.order.status;

import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The status read model. Every update also notifies {@link #CHANGED_CHANNEL} with the order id in the same
 * transaction, so a replica waiting to answer a POST hears of it on commit, whichever replica projected it.
 */
@ApplicationScoped
public class OrderStatusRepository {

    public static final String CHANGED_CHANNEL = "order_status_changed";

    private static final TypeReference<List<Failure>> FAILURES = new TypeReference<>() {
    };
    private static final TypeReference<List<LiveSubscription.Line>> LINES = new TypeReference<>() {
    };
    private static final String NO_FAILURES = "[]";
    private static final String COLUMNS = "order_id, partner_id, external_subscription_id, status, "
            + "subscription_number, zuora_subscription_created, salesforce_records_created, license_sent, "
            // As text: the client would otherwise decode the jsonb into a JsonArray only for us to re-read it.
            + "failures::text AS failures, retry_attempts, last_retry_at, order_lines::text AS order_lines, "
            + "term_start_date, term_end_date, auto_renew, cancelled_at, created_at, updated_at";

    private final Pool pool;

    public OrderStatusRepository(Pool pool) {
        this.pool = pool;
    }

    /** A new order's row, answered as stored (what GET and its first webhook show). */
    public Uni<OrderStatusRecord> insertCreating(SqlClient tx, UUID orderId, String partnerId,
            String externalSubscriptionId, List<LiveSubscription.Line> orderLines, Instant now) {
        return tx.preparedQuery("INSERT INTO order_status (order_id, partner_id, external_subscription_id, status, "
                        + "order_lines, created_at, updated_at) VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $6) "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.of(orderId, partnerId, externalSubscriptionId, OrderStatus.Creating.name(),
                        JsonColumns.write(orderLines), utc(now)))
                .map(rows -> map(rows.iterator().next()));
    }

    public Uni<Optional<OrderStatusRecord>> find(String partnerId, String externalSubscriptionId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM order_status "
                        + "WHERE partner_id = $1 AND external_subscription_id = $2")
                .execute(Tuple.of(partnerId, externalSubscriptionId))
                .map(OrderStatusRepository::first);
    }

    public Uni<Optional<OrderStatusRecord>> find(UUID orderId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM order_status WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .map(OrderStatusRepository::first);
    }

    /** Reads a row and locks it until the transaction ends, so concurrent facts never overwrite each other. */
    public Uni<Optional<OrderStatusRecord>> lock(SqlClient tx, UUID orderId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM order_status WHERE order_id = $1 FOR UPDATE")
                .execute(Tuple.of(orderId))
                .map(OrderStatusRepository::first);
    }

    /** The partner's order, locked until the transaction ends: its changes are decided one at a time. */
    public Uni<Optional<OrderStatusRecord>> lock(SqlClient tx, String partnerId, String externalSubscriptionId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM order_status "
                        + "WHERE partner_id = $1 AND external_subscription_id = $2 FOR UPDATE")
                .execute(Tuple.of(partnerId, externalSubscriptionId))
                .map(OrderStatusRepository::first);
    }

    public Uni<Void> update(SqlClient tx, OrderStatusRecord record, Instant now) {
        StatusFacts facts = record.facts();
        LiveSubscription subscription = record.subscription();
        return tx.preparedQuery("UPDATE order_status SET status = $2, subscription_number = $3, "
                        + "zuora_subscription_created = $4, salesforce_records_created = $5, license_sent = $6, "
                        + "failures = $7::text::jsonb, retry_attempts = $8, last_retry_at = $9, updated_at = $10, "
                        + "order_lines = $11::text::jsonb, term_start_date = $12, term_end_date = $13, auto_renew = $14, "
                        + "cancelled_at = $15 WHERE order_id = $1")
                .execute(Tuple.tuple()
                        .addUUID(record.orderId())
                        .addString(record.status().name())
                        .addString(facts.subscriptionNumber())
                        .addBoolean(facts.zuoraSubscriptionCreated())
                        .addBoolean(facts.salesforceRecordsCreated())
                        .addBoolean(facts.licenseSent())
                        .addString(JsonColumns.write(facts.failures()))
                        .addInteger(facts.attempt())
                        .addOffsetDateTime(facts.lastRetryAt() == null ? null : utc(facts.lastRetryAt()))
                        .addOffsetDateTime(utc(now))
                        .addString(JsonColumns.write(subscription.orderLines()))
                        .addLocalDate(subscription.termStartDate())
                        .addLocalDate(subscription.termEndDate())
                        .addBoolean(subscription.autoRenew())
                        .addOffsetDateTime(subscription.cancelledAt() == null ? null : utc(subscription.cancelledAt())))
                .flatMap(updated -> tx.preparedQuery("SELECT pg_notify('" + CHANGED_CHANNEL + "', $1)")
                        .execute(Tuple.of(record.orderId().toString())))
                .replaceWithVoid();
    }

    /**
     * A page of orders, ordered by the time of their last change, then id, ascending: for operators the orders stuck
     * longest come first, for partners reconciling the orders changed since they last looked. An order that changes
     * while a client pages moves to the end, so it may be listed again. {@code updated_at} is stamped just before its
     * transaction commits, so one committing while a client pages can land just behind the client's position: the
     * partner document says to ask with a margin.
     */
    public Uni<List<OrderStatusRecord>> page(OrderQuery query) {
        List<String> conditions = new ArrayList<>();
        Tuple parameters = Tuple.tuple();
        if (query.partnerId() != null) {
            parameters.addString(query.partnerId());
            conditions.add("partner_id = $" + parameters.size());
        }
        if (query.externalSubscriptionId() != null) {
            parameters.addString(query.externalSubscriptionId());
            conditions.add("external_subscription_id = $" + parameters.size());
        }
        parameters.addArrayOfString(query.statuses().stream().map(OrderStatus::name).toArray(String[]::new));
        conditions.add("status = ANY($" + parameters.size() + ")");
        if (query.updatedSince() != null) {
            parameters.addOffsetDateTime(utc(query.updatedSince()));
            conditions.add("updated_at >= $" + parameters.size());
        }
        if (query.notUpdatedSince() != null) {
            parameters.addOffsetDateTime(utc(query.notUpdatedSince()));
            conditions.add("updated_at <= $" + parameters.size());
        }
        if (query.after() != null) {
            parameters.addOffsetDateTime(utc(query.after().updatedAt())).addUUID(query.after().orderId());
            conditions.add("(updated_at, order_id) > ($" + (parameters.size() - 1) + ", $" + parameters.size() + ")");
        }
        parameters.addInteger(query.limit());
        String sql = "SELECT " + COLUMNS + " FROM order_status WHERE " + String.join(" AND ", conditions)
                + " ORDER BY updated_at, order_id LIMIT $" + parameters.size();
        return pool.preparedQuery(sql).execute(parameters).map(rows -> {
            List<OrderStatusRecord> page = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> page.add(map(row)));
            return page;
        });
    }

    /**
     * Orders in progress whose last change is at or before {@code notUpdatedSince}, counted by partner and by the
     * first step they wait for (Zuora, then Salesforce, then the license email).
     */
    public Uni<List<StuckOrders>> countStuck(Instant notUpdatedSince) {
        return pool.preparedQuery("SELECT partner_id, CASE WHEN NOT zuora_subscription_created THEN 'zuora' "
                        + "WHEN NOT salesforce_records_created THEN 'salesforce' ELSE 'notification' END AS step, "
                        + "count(*) AS orders FROM order_status "
                        + "WHERE status = ANY($1) AND updated_at <= $2 GROUP BY 1, 2")
                .execute(Tuple.tuple().addArrayOfString(OrderQuery.IN_PROGRESS_NAMES)
                        .addOffsetDateTime(utc(notUpdatedSince)))
                .map(rows -> {
                    List<StuckOrders> counts = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> counts.add(new StuckOrders(row.getString("partner_id"),
                            row.getString("step"), row.getLong("orders"))));
                    return counts;
                });
    }

    private static Optional<OrderStatusRecord> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next()));
    }

    private static OrderStatusRecord map(Row row) {
        OffsetDateTime lastRetry = row.getOffsetDateTime("last_retry_at");
        StatusFacts facts = new StatusFacts(row.getString("subscription_number"),
                row.getBoolean("zuora_subscription_created"), row.getBoolean("salesforce_records_created"),
                row.getBoolean("license_sent"), failures(row.getString("failures")), row.getInteger("retry_attempts"),
                lastRetry == null ? null : lastRetry.toInstant());
        OffsetDateTime cancelledAt = row.getOffsetDateTime("cancelled_at");
        LiveSubscription subscription = new LiveSubscription(
                JsonColumns.read(row.getString("order_lines"), LINES, "order_lines"),
                row.getLocalDate("term_start_date"), row.getLocalDate("term_end_date"), row.getBoolean("auto_renew"),
                cancelledAt == null ? null : cancelledAt.toInstant());
        return new OrderStatusRecord(row.getUUID("order_id"), row.getString("partner_id"),
                row.getString("external_subscription_id"), facts, subscription,
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
    }

    private static List<Failure> failures(String json) {
        // Nearly every order has none: no parser for it.
        return NO_FAILURES.equals(json) ? List.of() : JsonColumns.read(json, FAILURES, "failures");
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
