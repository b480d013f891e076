package com.gitlab.marketplace.event.consumer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
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
@ApplicationScoped
public class ProcessedEventsCleanup {

    private final ExpiringRows processedEvents;
    private final Vertx vertx;
    private final Duration kept;
    private final Duration interval;
    private long timer = -1;

    public ProcessedEventsCleanup(Pool pool, Vertx vertx,
            @ConfigProperty(name = "event-consumer.processed-events-kept", defaultValue = "P35D") Duration kept,
            @ConfigProperty(name = "event-consumer.processed-events-cleanup-interval", defaultValue = "PT1H")
            Duration interval) {
        this.processedEvents = new ExpiringRows(pool, "processed_event", "event_id", "processed_at");
        this.vertx = vertx;
        this.kept = kept;
        this.interval = interval;
    }

    void start(@Observes StartupEvent startup) {
        timer = processedEvents.deleteEvery(vertx, interval, kept);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Deletes the ids of events processed before {@code cutoff}, batch by batch; the number deleted. */
    public Uni<Long> forgetOlderThan(Instant cutoff) {
        return processedEvents.deleteOlderThan(cutoff);
    }
}
