package com.gitlab.marketplace.zuora.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** Callouts already published as events, by {@code Zuora-Notification-Id}. */
@ApplicationScoped
public class ProcessedCalloutRepository {

    private final Pool pool;

    public ProcessedCalloutRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Boolean> seen(String notificationId) {
        return pool.preparedQuery("SELECT 1 FROM processed_callout WHERE notification_id = $1")
                .execute(Tuple.of(notificationId)).map(rows -> rows.rowCount() > 0);
    }

    public Uni<Void> remember(String notificationId, UUID orderId, Instant now) {
        return pool.preparedQuery("INSERT INTO processed_callout (notification_id, order_id, received_at) "
                        + "VALUES ($1, $2, $3) ON CONFLICT (notification_id) DO NOTHING")
                .execute(Tuple.of(notificationId, orderId, now.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }
}
