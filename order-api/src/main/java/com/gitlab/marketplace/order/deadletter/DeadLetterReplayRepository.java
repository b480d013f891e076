package com.gitlab.marketplace.order.deadletter;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The audit of dead-letter replays ({@code dead_letter_replay}). */
@ApplicationScoped
public class DeadLetterReplayRepository {

    private final Pool pool;

    public DeadLetterReplayRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> record(DeadLetterId id, String eventId, String replayedBy, String reason, Instant replayedAt) {
        return pool.preparedQuery("INSERT INTO dead_letter_replay (topic, kafka_partition, kafka_offset, event_id, "
                        + "requested_by, reason, replayed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.tuple().addString(id.topic()).addInteger(id.partition()).addLong(id.offset())
                        .addString(eventId).addString(replayedBy).addString(reason)
                        .addOffsetDateTime(replayedAt.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** The replays of each of these dead letters, oldest first (none: absent). */
    public Uni<Map<DeadLetterId, List<DeadLetterReplay>>> of(List<DeadLetterId> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("SELECT r.topic, r.kafka_partition, r.kafka_offset, r.requested_by, r.reason, "
                        + "r.replayed_at FROM dead_letter_replay r JOIN unnest($1::text[], $2::int[], $3::bigint[]) "
                        + "AS wanted (topic, kafka_partition, kafka_offset) USING (topic, kafka_partition, kafka_offset) "
                        + "ORDER BY r.id")
                .execute(Tuple.of(ids.stream().map(DeadLetterId::topic).toArray(String[]::new),
                        ids.stream().map(DeadLetterId::partition).toArray(Integer[]::new),
                        ids.stream().map(DeadLetterId::offset).toArray(Long[]::new)))
                .map(rows -> {
                    Map<DeadLetterId, List<DeadLetterReplay>> replays = new HashMap<>();
                    rows.forEach(row -> replays.computeIfAbsent(new DeadLetterId(row.getString("topic"),
                                    row.getInteger("kafka_partition"), row.getLong("kafka_offset")),
                            id -> new ArrayList<>()).add(new DeadLetterReplay(row.getString("requested_by"),
                            row.getString("reason"), row.getOffsetDateTime("replayed_at").toInstant())));
                    return replays;
                });
    }
}
