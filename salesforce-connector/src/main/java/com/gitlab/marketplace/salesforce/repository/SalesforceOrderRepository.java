package com.gitlab.marketplace.salesforce.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** What the connector did per order and attempt, and the subscription numbers it has seen. */
@ApplicationScoped
public class SalesforceOrderRepository {

    /** The records of an order that was synced. */
    public record Synced(String accountId, String contactId, String opportunityId) {
    }

    private final Pool pool;

    public SalesforceOrderRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<Synced>> synced(UUID orderId) {
        return pool.preparedQuery("SELECT account_id, contact_id, opportunity_id FROM salesforce_order "
                        + "WHERE order_id = $1 AND state = 'synced'")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(rows.iterator().next())
                        .map(r -> new Synced(r.getString("account_id"), r.getString("contact_id"),
                                r.getString("opportunity_id"))));
    }

    public Uni<Boolean> failed(UUID orderId, int attempt) {
        return pool.preparedQuery("SELECT 1 FROM salesforce_order WHERE order_id = $1 AND attempt = $2 AND state = 'failed'")
                .execute(Tuple.of(orderId, attempt)).map(rows -> rows.rowCount() > 0);
    }

    public Uni<Void> markSynced(SqlClient tx, UUID orderId, int attempt, Synced records, Instant now) {
        return tx.preparedQuery("INSERT INTO salesforce_order (order_id, attempt, state, account_id, contact_id, "
                        + "opportunity_id, updated_at) VALUES ($1, $2, 'synced', $3, $4, $5, $6)")
                .execute(Tuple.tuple().addUUID(orderId).addInteger(attempt).addString(records.accountId())
                        .addString(records.contactId()).addString(records.opportunityId())
                        .addOffsetDateTime(now.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<Void> markFailed(SqlClient tx, UUID orderId, int attempt, String code, String message,
            boolean retryable, Instant now) {
        return tx.preparedQuery("INSERT INTO salesforce_order (order_id, attempt, state, failure_code, failure_message, "
                        + "retryable, updated_at) VALUES ($1, $2, 'failed', $3, $4, $5, $6)")
                .execute(Tuple.tuple().addUUID(orderId).addInteger(attempt).addString(code).addString(message)
                        .addBoolean(retryable).addOffsetDateTime(now.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<Optional<String>> subscriptionNumber(UUID orderId) {
        return pool.preparedQuery("SELECT subscription_number FROM zuora_subscription WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString("subscription_number")));
    }

    public Uni<Void> rememberSubscription(UUID orderId, String subscriptionNumber, Instant now) {
        return pool.preparedQuery("INSERT INTO zuora_subscription (order_id, subscription_number, received_at) "
                        + "VALUES ($1, $2, $3) ON CONFLICT (order_id) DO NOTHING")
                .execute(Tuple.of(orderId, subscriptionNumber, now.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }
}
