package com.gitlab.marketplace.outbox.relay;

import com.gitlab.marketplace.events.MarketplaceEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Appends an event to the outbox inside the caller's reactive transaction (Vert.x SQL client); the relay
 * publishes it once the transaction commits, and never if it rolls back.
 */
public final class OutboxWriter {

    private OutboxWriter() {
    }

    public static Uni<Void> append(SqlClient tx, MarketplaceEvent event, Instant now) {
        OutboxRow row = OutboxRow.of(event, now);
        return tx.preparedQuery(OutboxRow.INSERT)
                .execute(Tuple.tuple()
                        .addUUID(row.id())
                        .addString(row.aggregateType())
                        .addString(row.aggregateId())
                        .addString(row.type())
                        .addString(row.payload())
                        .addOffsetDateTime(row.createdAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
