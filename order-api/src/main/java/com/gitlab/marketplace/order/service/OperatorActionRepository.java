package com.gitlab.marketplace.order.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The audit of operators' actions on orders ({@code operator_action}). */
@ApplicationScoped
public class OperatorActionRepository {

    private final Pool pool;

    public OperatorActionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Records the action in the caller's transaction, the one that publishes what it asks for. */
    public Uni<Void> record(SqlClient tx, OperatorAction action) {
        return tx.preparedQuery("INSERT INTO operator_action (order_id, action, requested_by, reason, requested_at) "
                        + "VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(action.orderId(), action.action(), action.requestedBy(), action.reason(),
                        action.requestedAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Every action on the order, oldest first. */
    public Uni<List<OperatorAction>> ofOrder(UUID orderId) {
        return pool.preparedQuery("SELECT action, requested_by, reason, requested_at FROM operator_action "
                        + "WHERE order_id = $1 ORDER BY id")
                .execute(Tuple.of(orderId))
                .map(rows -> {
                    List<OperatorAction> actions = new ArrayList<>();
                    rows.forEach(row -> actions.add(new OperatorAction(orderId, row.getString("action"),
                            row.getString("requested_by"), row.getString("reason"),
                            row.getOffsetDateTime("requested_at").toInstant())));
                    return actions;
                });
    }
}
