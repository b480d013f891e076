package com.gitlab.marketplace.token.outbox;

import com.gitlab.marketplace.events.MarketplaceEvent;
import com.gitlab.marketplace.outbox.relay.OutboxRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;

/** Appends an event to the outbox inside the caller's transaction; the relay publishes it after commit. */
@ApplicationScoped
public class OutboxWriter {

    public Uni<Void> append(SqlClient tx, MarketplaceEvent event, Instant now) {
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
