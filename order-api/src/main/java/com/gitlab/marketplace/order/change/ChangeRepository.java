package com.gitlab.marketplace.order.change;

import com.fasterxml.jackson.core.type.TypeReference;
import com.gitlab.marketplace.order.status.JsonColumns;
import com.gitlab.marketplace.order.status.LiveSubscription;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Partners' changes to live subscriptions ({@code subscription_change}). */
@ApplicationScoped
public class ChangeRepository {

    private static final TypeReference<List<LiveSubscription.Line>> LINES = new TypeReference<>() {
    };
    private static final TypeReference<List<SubscriptionChange.Error>> ERRORS = new TypeReference<>() {
    };
    private static final String COLUMNS = "change_id, order_id, external_change_id, action, "
            + "order_lines::text AS order_lines, status, errors::text AS errors, created_at, updated_at";

    private final Pool pool;

    public ChangeRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlClient tx, SubscriptionChange change, byte[] requestHash) {
        return tx.preparedQuery("INSERT INTO subscription_change (change_id, order_id, external_change_id, action, "
                        + "order_lines, request_hash, status, created_at, updated_at) "
                        + "VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $8)")
                .execute(Tuple.tuple()
                        .addUUID(change.changeId())
                        .addUUID(change.orderId())
                        .addString(change.externalChangeId())
                        .addString(change.action())
                        .addString(JsonColumns.write(change.orderLines()))
                        .addBuffer(Buffer.buffer(requestHash))
                        .addString(change.status().name())
                        .addOffsetDateTime(change.createdAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** The order's change with this external id, and the fingerprint of the request that made it. */
    public Uni<Optional<Stored>> find(SqlClient client, UUID orderId, String externalChangeId) {
        return client.preparedQuery("SELECT " + COLUMNS + ", request_hash FROM subscription_change "
                        + "WHERE order_id = $1 AND external_change_id = $2")
                .execute(Tuple.of(orderId, externalChangeId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(new Stored(
                        map(rows.iterator().next()), rows.iterator().next().getBuffer("request_hash").getBytes())));
    }

    /** A change and the fingerprint of its request. */
    public record Stored(SubscriptionChange change, byte[] requestHash) {
    }

    public Uni<Optional<SubscriptionChange>> pending(SqlClient tx, UUID orderId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM subscription_change WHERE order_id = $1 "
                        + "AND status = 'Pending'")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    /** The order's changes, oldest first. */
    public Uni<List<SubscriptionChange>> ofOrder(UUID orderId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM subscription_change WHERE order_id = $1 "
                        + "ORDER BY created_at, change_id")
                .execute(Tuple.of(orderId))
                .map(rows -> {
                    List<SubscriptionChange> changes = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> changes.add(map(row)));
                    return changes;
                });
    }

    /**
     * Ends a pending change: the change as settled, or empty when it is no longer pending (its outcome was recorded
     * before) or unknown.
     */
    public Uni<Optional<SubscriptionChange>> settle(SqlClient tx, UUID changeId, SubscriptionChange.Status status,
            List<SubscriptionChange.Error> errors, Instant now) {
        return tx.preparedQuery("UPDATE subscription_change SET status = $2, errors = $3::text::jsonb, updated_at = $4 "
                        + "WHERE change_id = $1 AND status = 'Pending' RETURNING " + COLUMNS)
                .execute(Tuple.of(changeId, status.name(), JsonColumns.write(errors), now.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1 ? Optional.of(map(rows.iterator().next())) : Optional.empty());
    }

    private static SubscriptionChange map(Row row) {
        return new SubscriptionChange(row.getUUID("change_id"), row.getUUID("order_id"),
                row.getString("external_change_id"), row.getString("action"),
                JsonColumns.read(row.getString("order_lines"), LINES, "order_lines"),
                SubscriptionChange.Status.valueOf(row.getString("status")),
                JsonColumns.read(row.getString("errors"), ERRORS, "errors"),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
    }

}
