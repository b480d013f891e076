package com.gitlab.marketplace.order.service;

import com.gitlab.marketplace.events.EventJson;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.order.OrderPlaced;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** The write model: accepted orders, unique per partner and external subscription id. */
@ApplicationScoped
public class OrderRepository {

    private final Pool pool;

    public OrderRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts the order; false when the partner already has an order with this external id. */
    public Uni<Boolean> insert(SqlClient tx, OrderPlaced order, byte[] requestHash) {
        return tx.preparedQuery("INSERT INTO customer_order (order_id, partner_id, external_subscription_id, "
                        + "request_hash, placed_event, created_at) VALUES ($1, $2, $3, $4, $5::text::jsonb, $6) "
                        + "ON CONFLICT (partner_id, external_subscription_id) DO NOTHING")
                .execute(Tuple.tuple()
                        .addUUID(order.orderId())
                        .addString(order.partnerId())
                        .addString(order.externalSubscriptionId())
                        .addBuffer(Buffer.buffer(requestHash))
                        .addString(EventJson.serializeToString(order))
                        .addOffsetDateTime(order.occurredAt().atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The request fingerprint of the partner's existing order with this external id. */
    public Uni<Optional<byte[]>> requestHash(String partnerId, String externalSubscriptionId) {
        return pool.preparedQuery("SELECT request_hash FROM customer_order "
                        + "WHERE partner_id = $1 AND external_subscription_id = $2")
                .execute(Tuple.of(partnerId, externalSubscriptionId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getBuffer("request_hash").getBytes()));
    }

    /** The order as it was placed, to send again with an operator retry. */
    public Uni<Optional<OrderPlaced>> placed(SqlClient tx, UUID orderId) {
        return tx.preparedQuery("SELECT placed_event::text AS placed FROM customer_order WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty()
                        : Optional.of((OrderPlaced) EventJson.deserialize(EventType.ORDER_PLACED,
                                rows.iterator().next().getString("placed").getBytes(StandardCharsets.UTF_8))));
    }
}
