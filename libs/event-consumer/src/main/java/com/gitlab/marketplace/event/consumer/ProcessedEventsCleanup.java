package com.gitlab.marketplace.event.consumer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Forgets consumed event ids once no copy of their event can come back: {@code processed_event} would otherwise
 * grow by every event for ever. An event can be delivered again while Kafka keeps it (7 days by default,
 * {@code kafka.topics.retentionMs} in the chart), when an operator replays a dead letter (kept 30 days,
 * {@code kafka.topics.deadLetterRetentionMs}; the replay reaches every consumer group, and those that had
 * processed it skip it by its id) and when a lost replication slot makes the relay publish its unacknowledged
 * rows again (minutes). Ids are kept for {@code event-consumer.processed-events-kept} (35 days), which must stay
 * longer than both retentions. Every replica runs it hourly in batches of {@value #BATCH}; running twice at once
 * only deletes less each.
 */
@ApplicationScoped
public class ProcessedEventsCleanup {

    static final int BATCH = 10_000;
    private static final Logger LOG = Logger.getLogger(ProcessedEventsCleanup.class);

    private final Pool pool;
    private final Vertx vertx;
    private final Duration kept;
    private final Duration interval;
    private long timer = -1;

    public ProcessedEventsCleanup(Pool pool, Vertx vertx,
            @ConfigProperty(name = "event-consumer.processed-events-kept", defaultValue = "P35D") Duration kept,
            @ConfigProperty(name = "event-consumer.processed-events-cleanup-interval", defaultValue = "PT1H")
            Duration interval) {
        this.pool = pool;
        this.vertx = vertx;
        this.kept = kept;
        this.interval = interval;
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(interval.toMillis(), id -> forgetOlderThan(Instant.now().minus(kept)).subscribe()
                .with(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("forgot %d consumed event ids older than %s", deleted, kept);
                    }
                }, failure -> LOG.warnf("could not forget old consumed event ids (tried again in %s): %s",
                        interval, failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Deletes the ids of events processed before {@code cutoff}, batch by batch; the number deleted. */
    public Uni<Long> forgetOlderThan(Instant cutoff) {
        return pool.preparedQuery("DELETE FROM processed_event WHERE event_id IN (SELECT event_id FROM processed_event "
                        + "WHERE processed_at < $1 LIMIT " + BATCH + ")")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC)))
                .flatMap(rows -> rows.rowCount() < BATCH ? Uni.createFrom().item((long) rows.rowCount())
                        : forgetOlderThan(cutoff).map(more -> more + rows.rowCount()));
    }
}
