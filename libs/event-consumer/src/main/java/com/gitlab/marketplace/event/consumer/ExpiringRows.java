package com.gitlab.marketplace.event.consumer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Deletes the rows of a table that are older than their window, every {@code interval}, in batches of
 * {@value #BATCH} so that no statement holds many locks or runs long: the ids of what was already processed,
 * which are needed only while a copy can come back. A bean extends it with its table and window. Every replica
 * runs it; two at once only delete less each.
 */
public abstract class ExpiringRows {

    static final int BATCH = 10_000;
    private static final Logger LOG = Logger.getLogger(ExpiringRows.class);

    private final Pool pool;
    private final Vertx vertx;
    private final String table;
    private final String delete;
    private final Duration kept;
    private final Duration interval;
    private long timer = -1;

    /** Rows of {@code table}, by {@code keyColumn}, aged by {@code timeColumn} (indexed), kept for {@code kept}. */
    protected ExpiringRows(Pool pool, Vertx vertx, String table, String keyColumn, String timeColumn, Duration kept,
            Duration interval) {
        this.pool = pool;
        this.vertx = vertx;
        this.table = table;
        this.delete = "DELETE FROM " + table + " WHERE " + keyColumn + " IN (SELECT " + keyColumn + " FROM " + table
                + " WHERE " + timeColumn + " < $1 LIMIT " + BATCH + ")";
        this.kept = kept;
        this.interval = interval;
    }

    protected void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(interval.toMillis(), id -> deleteOlderThan(Instant.now().minus(kept)).subscribe()
                .with(deleted -> LOG.debugf("deleted %d rows of %s older than %s", deleted, table, kept),
                        failure -> LOG.warnf("could not delete the rows of %s older than %s (tried again in %s): %s",
                                table, kept, interval, failure.getMessage())));
    }

    protected void stop(@Observes ShutdownEvent shutdown) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Deletes the rows older than {@code cutoff}, batch by batch; the number deleted. */
    public Uni<Long> deleteOlderThan(Instant cutoff) {
        return pool.preparedQuery(delete).execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC)))
                .flatMap(rows -> rows.rowCount() < BATCH ? Uni.createFrom().item((long) rows.rowCount())
                        : deleteOlderThan(cutoff).map(more -> more + rows.rowCount()));
    }
}
