package com.gitlab.marketplace.event.consumer;

import com.gitlab.marketplace.events.ReceivedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The idempotent consumer: the ids ({@code ce_id}) of consumed events, written in the transaction of their
 * effect, so a redelivered event (a relay replay, a rebalance) changes nothing. One statement per batch.
 */
public final class ProcessedEvents {

    private ProcessedEvents() {
    }

    /** Records the batch's events as processed and answers those seen for the first time, in order. */
    public static Uni<List<ReceivedEvent>> firstDeliveries(SqlClient tx, List<ReceivedEvent> events) {
        Map<UUID, ReceivedEvent> distinct = new LinkedHashMap<>();
        events.forEach(event -> distinct.putIfAbsent(event.attributes().id(), event));
        UUID[] ids = distinct.keySet().toArray(UUID[]::new);
        String[] types = distinct.values().stream().map(e -> e.type().ceType()).toArray(String[]::new);
        return tx.preparedQuery("INSERT INTO processed_event (event_id, event_type) "
                        + "SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT (event_id) DO NOTHING RETURNING event_id")
                .execute(Tuple.of(ids, types))
                .map(rows -> {
                    Set<UUID> first = new HashSet<>();
                    rows.forEach(row -> first.add(row.getUUID("event_id")));
                    List<ReceivedEvent> fresh = new ArrayList<>(first.size());
                    distinct.forEach((id, event) -> {
                        if (first.contains(id)) {
                            fresh.add(event);
                        }
                    });
                    return fresh;
                });
    }
}
