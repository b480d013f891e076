package com.gitlab.marketplace.order.ratelimit;

import com.gitlab.marketplace.event.consumer.ExpiringRows;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Deletes the buckets of partners that have not called for {@link #IDLE}: a bucket refills completely within a
 * minute, so an old one holds exactly what a new one would, and the table keeps only the partners calling now.
 * Every replica runs it each minute.
 */
@Singleton
public class RateLimitCleanup extends ExpiringRows {

    static final Duration IDLE = Duration.ofMinutes(2);

    public RateLimitCleanup(Pool pool, Vertx vertx) {
        super(pool, vertx, "rate_limit_bucket", "bucket_key", "updated_at", IDLE, Duration.ofMinutes(1));
    }
}
