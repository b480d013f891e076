package com.gitlab.marketplace.zuora.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** Callouts taken, by {@code Zuora-Notification-Id}: accepted ones and refused ones (with the reason). */
@ApplicationScoped
public class ProcessedCalloutRepository {

    public Uni<Boolean> seen(SqlClient tx, String notificationId) {
        return tx.preparedQuery("SELECT 1 FROM processed_callout WHERE notification_id = $1")
                .execute(Tuple.of(notificationId)).map(rows -> rows.rowCount() > 0);
    }

    /** Keeps a callout; {@code reason} is null for an accepted one. */
    public Uni<Void> remember(SqlClient tx, String notificationId, UUID orderId, String subscriptionNumber,
            String status, String reason, Instant now) {
        return tx.preparedQuery("INSERT INTO processed_callout (notification_id, order_id, subscription_number, status, "
                        + "outcome, reason, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                        + "ON CONFLICT (notification_id) DO NOTHING")
                .execute(Tuple.tuple().addString(notificationId).addUUID(orderId).addString(subscriptionNumber)
                        .addString(status).addString(reason == null ? "accepted" : "refused").addString(reason)
                        .addOffsetDateTime(now.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
