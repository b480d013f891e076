package com.gitlab.marketplace.event.consumer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * The rows of a dedupe table (ids of what was already processed) that are older than their window, deleted in
 * batches of {@value #BATCH} so that no statement holds many locks or runs long. Every replica may run it; two
 * at once only delete less each.
 */
public final class ExpiringRows {

    static final int BATCH = 10_000;
    private static final Logger LOG = Logger.getLogger(ExpiringRows.class);

    private final Pool pool;
    private final String table;
    private final String delete;

    /** Rows of {@code table}, by {@code keyColumn}, aged by {@code timeColumn} (indexed). */
    public ExpiringRows(Pool pool, String table, String keyColumn, String timeColumn) {
        this.pool = pool;
        this.table = table;
        this.delete = "DELETE FROM " + table + " WHERE " + keyColumn + " IN (SELECT " + keyColumn + " FROM " + table
                + " WHERE " + timeColumn + " < $1 LIMIT " + BATCH + ")";
    }

    /** Deletes the rows older than {@code cutoff}, batch by batch; the number deleted. */
    public Uni<Long> deleteOlderThan(Instant cutoff) {
        return pool.preparedQuery(delete).execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC)))
                .flatMap(rows -> rows.rowCount() < BATCH ? Uni.createFrom().item((long) rows.rowCount())
                        : deleteOlderThan(cutoff).map(more -> more + rows.rowCount()));
    }

    /** Deletes the rows older than {@code kept} every {@code interval}, logging what it did; the timer's id. */
    public long deleteEvery(Vertx vertx, Duration interval, Duration kept) {
        return vertx.setPeriodic(interval.toMillis(), id -> deleteOlderThan(Instant.now().minus(kept)).subscribe()
                .with(deleted -> {
                    if (deleted > 0) {
                        LOG.debugf("deleted %d rows of %s older than %s", deleted, table, kept);
                    }
                }, failure -> LOG.warnf("could not delete the rows of %s older than %s (tried again in %s): %s",
                        table, kept, interval, failure.getMessage())));
    }
}
