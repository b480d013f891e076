package com.gitlab.marketplace.event.consumer;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Forgets consumed event ids once no copy of their event can come back: {@code processed_event} would otherwise
 * grow by every event for ever. An event can be delivered again while Kafka keeps it (7 days by default,
 * {@code kafka.topics.retentionMs} in the chart), when an operator replays a dead letter (kept 30 days,
 * {@code kafka.topics.deadLetterRetentionMs}; the replay reaches every consumer group, and those that had
 * processed it skip it by its id) and when a lost replication slot makes the relay publish its unacknowledged
 * rows again (minutes). Ids are kept for {@code event-consumer.processed-events-kept} (35 days), which must stay
 * longer than both retentions. Every replica runs it hourly ({@link ExpiringRows}).
 */
@Singleton
public class ProcessedEventsCleanup extends ExpiringRows {

    public ProcessedEventsCleanup(Pool pool, Vertx vertx,
            @ConfigProperty(name = "event-consumer.processed-events-kept", defaultValue = "P35D") Duration kept,
            @ConfigProperty(name = "event-consumer.processed-events-cleanup-interval", defaultValue = "PT1H")
            Duration interval) {
        super(pool, vertx, "processed_event", "event_id", "processed_at", kept, interval);
    }
}
