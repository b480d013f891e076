package com.gitlab.marketplace.salesforce.repository;

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

/** What the connector knows of each order: its records in Salesforce, and what Zuora did with it. */
@ApplicationScoped
public class CrmOrderRepository {

    private static final String COLUMNS = "order_id, placed::text AS placed, attempt, account_id, contact_id, "
            + "opportunity_id, failed_attempt, zuora_outcome, subscription_number, stage_written";

    private final Pool pool;

    public CrmOrderRepository(Pool pool) {
        this.pool = pool;
    }

    /** Notes an order (a repeat changes nothing; a row made by an earlier Zuora event gets the order); new? */
    public Uni<Boolean> placed(SqlClient tx, OrderPlaced order, Instant now) {
        return tx.preparedQuery("INSERT INTO crm_order (order_id, placed, updated_at) VALUES ($1, $2::text::jsonb, $3) "
                        + "ON CONFLICT (order_id) DO UPDATE SET placed = EXCLUDED.placed WHERE crm_order.placed IS NULL "
                        + "RETURNING order_id")
                .execute(Tuple.of(order.orderId(), EventJson.serializeToString(order), utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** An operator's retry: attempt {@code attempt} of the order (never back to an earlier one). */
    public Uni<CrmOrder> retry(SqlClient tx, OrderPlaced order, int attempt, Instant now) {
        return tx.preparedQuery("INSERT INTO crm_order (order_id, placed, attempt, updated_at) "
                        + "VALUES ($1, $2::text::jsonb, $3, $4) ON CONFLICT (order_id) DO UPDATE "
                        + "SET attempt = GREATEST(crm_order.attempt, EXCLUDED.attempt), "
                        + "placed = COALESCE(crm_order.placed, EXCLUDED.placed), updated_at = EXCLUDED.updated_at "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.of(order.orderId(), EventJson.serializeToString(order), attempt, utc(now)))
                .map(rows -> map(rows.iterator().next()));
    }

    /**
     * What Zuora did, whichever event comes first; a subscription, once it exists, is never undone by a later
     * refusal (of an older attempt). Answers the row, locked until the transaction ends.
     */
    public Uni<CrmOrder> zuoraOutcome(SqlClient tx, UUID orderId, String outcome, String subscriptionNumber,
            Instant now) {
        return tx.preparedQuery("INSERT INTO crm_order (order_id, zuora_outcome, subscription_number, updated_at) "
                        + "VALUES ($1, $2, $3, $4) ON CONFLICT (order_id) DO UPDATE "
                        + "SET zuora_outcome = CASE WHEN crm_order.zuora_outcome = 'billed' THEN 'billed' "
                        + "ELSE EXCLUDED.zuora_outcome END, "
                        + "subscription_number = COALESCE(crm_order.subscription_number, EXCLUDED.subscription_number), "
                        + "updated_at = EXCLUDED.updated_at RETURNING " + COLUMNS)
                .execute(Tuple.of(orderId, outcome, subscriptionNumber, utc(now)))
                .map(rows -> map(rows.iterator().next()));
    }

    public Uni<Optional<CrmOrder>> find(UUID orderId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM crm_order WHERE order_id = $1")
                .execute(Tuple.of(orderId)).map(CrmOrderRepository::first);
    }

    public Uni<Optional<CrmOrder>> lock(SqlClient tx, UUID orderId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM crm_order WHERE order_id = $1 FOR UPDATE")
                .execute(Tuple.of(orderId)).map(CrmOrderRepository::first);
    }

    public Uni<Void> markSynced(SqlClient tx, UUID orderId, String accountId, String contactId, String opportunityId,
            String stage, Instant now) {
        return tx.preparedQuery("UPDATE crm_order SET account_id = $2, contact_id = $3, opportunity_id = $4, "
                        + "stage_written = $5, synced_at = $6, updated_at = $6 WHERE order_id = $1")
                .execute(Tuple.tuple().addUUID(orderId).addString(accountId).addString(contactId)
                        .addString(opportunityId).addString(stage).addOffsetDateTime(utc(now)))
                .replaceWithVoid();
    }

    public Uni<Void> markFailed(SqlClient tx, UUID orderId, int attempt, String code, String message, Instant now) {
        return tx.preparedQuery("UPDATE crm_order SET failed_attempt = $2, failure_code = $3, failure_message = $4, "
                        + "updated_at = $5 WHERE order_id = $1")
                .execute(Tuple.of(orderId, attempt, code, message, utc(now))).replaceWithVoid();
    }

    public Uni<Void> markStageWritten(SqlClient tx, UUID orderId, String stage, Instant now) {
        return tx.preparedQuery("UPDATE crm_order SET stage_written = $2, updated_at = $3 WHERE order_id = $1")
                .execute(Tuple.of(orderId, stage, utc(now))).replaceWithVoid();
    }

    private static Optional<CrmOrder> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next()));
    }

    private static CrmOrder map(Row row) {
        String placed = row.getString("placed");
        return new CrmOrder(row.getUUID("order_id"), placed == null ? null
                        : EventJson.deserialize(EventType.ORDER_PLACED, placed.getBytes(StandardCharsets.UTF_8)),
                row.getInteger("attempt"), row.getString("account_id"), row.getString("contact_id"),
                row.getString("opportunity_id"), row.getInteger("failed_attempt"), row.getString("zuora_outcome"),
                row.getString("subscription_number"), row.getString("stage_written"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
