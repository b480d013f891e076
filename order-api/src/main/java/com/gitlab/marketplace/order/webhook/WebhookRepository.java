package com.gitlab.marketplace.order.webhook;

import com.gitlab.marketplace.order.status.OrderQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The partners' webhook endpoints and the deliveries to them (V13). */
@ApplicationScoped
public class WebhookRepository {

    private static final String ENDPOINT_COLUMNS = "partner_id, url, events, enabled, disabled_reason, secret, "
            + "previous_secret, previous_secret_until, failing_since, created_at, updated_at";
    private static final String DELIVERY_COLUMNS = "delivery_id, seq, partner_id, stream, type, "
            + "external_subscription_id, body, state, attempts, retries_from, last_status_code, last_error, "
            + "next_attempt_at, created_at, updated_at";
    private static final int MAX_ERROR_LENGTH = 500;

    private final Pool pool;

    public WebhookRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<WebhookEndpoint>> endpoint(String partnerId) {
        return pool.preparedQuery("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoint WHERE partner_id = $1")
                .execute(Tuple.of(partnerId))
                .map(WebhookRepository::firstEndpoint);
    }

    /**
     * Sets the partner's endpoint: a new one with {@code newSecret}, or the existing one with the new URL and events,
     * enabled again, its secret kept.
     *
     * @return the endpoint, and whether it was created
     */
    public Uni<Saved> save(String partnerId, String url, List<String> events, String newSecret, Instant now) {
        return pool.preparedQuery("INSERT INTO webhook_endpoint (partner_id, url, events, enabled, secret, created_at, "
                        + "updated_at) VALUES ($1, $2, $3, true, $4, $5, $5) ON CONFLICT (partner_id) DO UPDATE SET "
                        + "url = EXCLUDED.url, events = EXCLUDED.events, enabled = true, disabled_reason = NULL, "
                        + "failing_since = NULL, last_failure_at = NULL, updated_at = EXCLUDED.updated_at "
                        + "RETURNING " + ENDPOINT_COLUMNS + ", (xmax = 0) AS created")
                .execute(Tuple.of(partnerId, url, events.toArray(String[]::new), newSecret, utc(now)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Saved(endpoint(row), row.getBoolean("created"));
                });
    }

    /** An endpoint as set, and whether the call created it (only then is the secret shown). */
    public record Saved(WebhookEndpoint endpoint, boolean created) {
    }

    /** Deletes the endpoint; its pending deliveries are given up with it. */
    public Uni<Boolean> delete(String partnerId, Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM webhook_endpoint WHERE partner_id = $1")
                .execute(Tuple.of(partnerId))
                .call(deleted -> giveUpPending(tx, partnerId, "the endpoint was deleted", now))
                .map(deleted -> deleted.rowCount() > 0));
    }

    /** A new secret; the current one keeps signing beside it until {@code previousUntil}. */
    public Uni<Optional<WebhookEndpoint>> rotate(String partnerId, String newSecret, Instant previousUntil,
            Instant now) {
        return pool.preparedQuery("UPDATE webhook_endpoint SET previous_secret = secret, secret = $2, "
                        + "previous_secret_until = $3, updated_at = $4 WHERE partner_id = $1 RETURNING " + ENDPOINT_COLUMNS)
                .execute(Tuple.of(partnerId, newSecret, utc(previousUntil), utc(now)))
                .map(WebhookRepository::firstEndpoint);
    }

    /** The endpoint answered 2xx: it is no longer failing. */
    public Uni<Void> answered(String partnerId) {
        return pool.preparedQuery("UPDATE webhook_endpoint SET failing_since = NULL, last_failure_at = NULL "
                        + "WHERE partner_id = $1 AND failing_since IS NOT NULL")
                .execute(Tuple.of(partnerId)).replaceWithVoid();
    }

    /**
     * An attempt failed: the endpoint is failing since now, unless it already was without a pause longer than
     * {@code longestGap} since its last failure (an endpoint whose last event failed days ago and that got nothing
     * since is not "failing for days"). Answers since when.
     */
    public Uni<Optional<Instant>> failing(String partnerId, Instant now, Duration longestGap) {
        return pool.preparedQuery("UPDATE webhook_endpoint SET failing_since = CASE WHEN failing_since IS NULL "
                        + "OR last_failure_at < $3 THEN $2 ELSE failing_since END, last_failure_at = $2 "
                        + "WHERE partner_id = $1 RETURNING failing_since")
                .execute(Tuple.of(partnerId, utc(now), utc(now.minus(longestGap))))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getOffsetDateTime("failing_since").toInstant()));
    }

    /** Disables an enabled endpoint and gives up its pending deliveries; answers whether it was enabled. */
    public Uni<Boolean> disable(String partnerId, String reason, Instant now) {
        return pool.withTransaction(tx -> tx.preparedQuery("UPDATE webhook_endpoint SET enabled = false, "
                        + "disabled_reason = $2, updated_at = $3 WHERE partner_id = $1 AND enabled")
                .execute(Tuple.of(partnerId, reason, utc(now)))
                .call(updated -> giveUpPending(tx, partnerId, "the endpoint was disabled: " + reason, now))
                .map(updated -> updated.rowCount() > 0));
    }

    /**
     * Records an event for the partner's endpoint, if it is enabled and subscribed to {@code type} (a ping: if it
     * is enabled), in the caller's transaction.
     *
     * @return whether a delivery was recorded
     */
    public Uni<Boolean> insert(SqlClient tx, UUID deliveryId, String partnerId, UUID stream, String type,
            String externalSubscriptionId, String body, Instant now) {
        return tx.preparedQuery("INSERT INTO webhook_delivery (delivery_id, partner_id, stream, type, "
                        + "external_subscription_id, body, state, next_attempt_at, created_at, updated_at) "
                        + "SELECT $1, partner_id, $2, $3, $4, $5, 'pending', $6, $6, $6 FROM webhook_endpoint "
                        + "WHERE partner_id = $7 AND enabled AND ($3 = 'ping' OR $3 = ANY(events))")
                .execute(Tuple.tuple().addUUID(deliveryId).addUUID(stream).addString(type)
                        .addString(externalSubscriptionId).addString(body).addOffsetDateTime(utc(now))
                        .addString(partnerId))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The first undelivered event of a stream: the only one that may go out. */
    public Uni<Optional<WebhookDelivery>> head(UUID stream) {
        return pool.preparedQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_delivery WHERE stream = $1 "
                        + "AND state = 'pending' ORDER BY seq LIMIT 1")
                .execute(Tuple.of(stream))
                .map(WebhookRepository::firstDelivery);
    }

    public Uni<Optional<WebhookDelivery>> delivery(String partnerId, UUID deliveryId) {
        return pool.preparedQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_delivery WHERE partner_id = $1 "
                        + "AND delivery_id = $2")
                .execute(Tuple.of(partnerId, deliveryId))
                .map(WebhookRepository::firstDelivery);
    }

    /**
     * The outcome of an attempt at {@code delivery} as it was read: delivered, failed for good, or pending until
     * {@code next}. Not when it changed meanwhile: given up (the endpoint deleted or disabled), or queued again by a
     * redelivery, which must still go out.
     */
    public Uni<Void> attempted(WebhookDelivery delivery, WebhookDelivery.State state, Integer statusCode, String error,
            Instant next, Instant now) {
        return pool.preparedQuery("UPDATE webhook_delivery SET state = $2, attempts = attempts + 1, "
                        + "last_status_code = $3, last_error = $4, next_attempt_at = $5, updated_at = $6 "
                        + "WHERE delivery_id = $1 AND state = 'pending' AND retries_from = $7")
                .execute(Tuple.tuple().addUUID(delivery.deliveryId()).addString(state.name()).addInteger(statusCode)
                        .addString(truncated(error)).addOffsetDateTime(next == null ? null : utc(next))
                        .addOffsetDateTime(utc(now)).addInteger(delivery.retriesFrom()))
                .replaceWithVoid();
    }

    /** Ends a delivery without an attempt (its endpoint is gone or disabled). */
    public Uni<Void> giveUp(UUID deliveryId, String why, Instant now) {
        return pool.preparedQuery("UPDATE webhook_delivery SET state = 'failed', last_error = $2, "
                        + "next_attempt_at = NULL, updated_at = $3 WHERE delivery_id = $1 AND state = 'pending'")
                .execute(Tuple.of(deliveryId, why, utc(now))).replaceWithVoid();
    }

    /** Queues a delivery again, due now, its retry schedule from the start; answers it as it now is. */
    public Uni<Optional<WebhookDelivery>> requeue(SqlClient tx, String partnerId, UUID deliveryId, Instant now) {
        return tx.preparedQuery("UPDATE webhook_delivery SET state = 'pending', retries_from = attempts, "
                        + "next_attempt_at = $3, updated_at = $3 WHERE partner_id = $1 AND delivery_id = $2 "
                        + "RETURNING " + DELIVERY_COLUMNS)
                .execute(Tuple.of(partnerId, deliveryId, utc(now)))
                .map(WebhookRepository::firstDelivery);
    }

    /** A page of the partner's deliveries, newest first, after {@code after} (a position of the previous page). */
    public Uni<List<WebhookDelivery>> page(String partnerId, OrderQuery.Position after, int limit) {
        Tuple parameters = Tuple.tuple().addString(partnerId).addInteger(limit);
        String position = "";
        if (after != null) {
            parameters.addOffsetDateTime(utc(after.updatedAt())).addUUID(after.orderId());
            position = " AND (created_at, delivery_id) < ($3, $4)";
        }
        return pool.preparedQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_delivery WHERE partner_id = $1"
                        + position + " ORDER BY created_at DESC, delivery_id DESC LIMIT $2")
                .execute(parameters)
                .map(rows -> {
                    List<WebhookDelivery> page = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> page.add(delivery(row)));
                    return page;
                });
    }

    /** The deliveries of an order, oldest first: the operators' timeline. */
    public Uni<List<WebhookDelivery>> ofOrder(UUID orderId) {
        return pool.preparedQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_delivery WHERE stream = $1 ORDER BY seq")
                .execute(Tuple.of(orderId))
                .map(rows -> {
                    List<WebhookDelivery> deliveries = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> deliveries.add(delivery(row)));
                    return deliveries;
                });
    }

    /** How many of the partner's deliveries are due now (waiting for a first attempt or a retry that is due). */
    public Uni<Long> duePending(String partnerId, Instant now) {
        return pool.preparedQuery("SELECT count(*) AS due FROM webhook_delivery WHERE partner_id = $1 "
                        + "AND state = 'pending' AND next_attempt_at <= $2")
                .execute(Tuple.of(partnerId, utc(now)))
                .map(rows -> rows.iterator().next().getLong("due"));
    }

    /** Deletes settled deliveries older than {@code before}: the log keeps what partners may still ask about. */
    public Uni<Integer> forgetSettled(Instant before) {
        return pool.preparedQuery("DELETE FROM webhook_delivery WHERE state <> 'pending' AND created_at < $1")
                .execute(Tuple.of(utc(before)))
                .map(RowSet::rowCount);
    }

    /** The age of each endpoint's oldest pending delivery: what operators alert on. */
    public Uni<List<OldestPending>> oldestPending() {
        return pool.query("SELECT partner_id, min(created_at) AS oldest FROM webhook_delivery WHERE state = 'pending' "
                        + "GROUP BY partner_id")
                .execute()
                .map(rows -> {
                    List<OldestPending> oldest = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> oldest.add(new OldestPending(row.getString("partner_id"),
                            row.getOffsetDateTime("oldest").toInstant())));
                    return oldest;
                });
    }

    /** A partner's oldest pending delivery. */
    public record OldestPending(String partnerId, Instant createdAt) {
    }

    private static Uni<Void> giveUpPending(SqlClient tx, String partnerId, String why, Instant now) {
        return tx.preparedQuery("UPDATE webhook_delivery SET state = 'failed', last_error = $2, next_attempt_at = NULL, "
                        + "updated_at = $3 WHERE partner_id = $1 AND state = 'pending'")
                .execute(Tuple.of(partnerId, why, utc(now))).replaceWithVoid();
    }

    private static Optional<WebhookEndpoint> firstEndpoint(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(endpoint(rows.iterator().next()));
    }

    private static Optional<WebhookDelivery> firstDelivery(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(delivery(rows.iterator().next()));
    }

    private static WebhookEndpoint endpoint(Row row) {
        return new WebhookEndpoint(row.getString("partner_id"), row.getString("url"),
                Arrays.asList(row.getArrayOfStrings("events")), row.getBoolean("enabled"),
                row.getString("disabled_reason"), row.getString("secret"), row.getString("previous_secret"),
                instant(row, "previous_secret_until"), instant(row, "failing_since"), instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static WebhookDelivery delivery(Row row) {
        return new WebhookDelivery(row.getUUID("delivery_id"), row.getLong("seq"), row.getString("partner_id"),
                row.getUUID("stream"), row.getString("type"), row.getString("external_subscription_id"),
                row.getString("body"), WebhookDelivery.State.valueOf(row.getString("state")), row.getInteger("attempts"),
                row.getInteger("retries_from"), row.getInteger("last_status_code"), row.getString("last_error"),
                instant(row, "next_attempt_at"), instant(row, "created_at"), instant(row, "updated_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static String truncated(String error) {
        return error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH) + "…";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
