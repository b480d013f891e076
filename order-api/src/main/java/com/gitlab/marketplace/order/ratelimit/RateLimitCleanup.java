package com.gitlab.marketplace.order.ratelimit;

import com.gitlab.marketplace.event.consumer.ExpiringRows;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;

/**
 * Deletes the buckets of partners that have not called for {@link #IDLE}: a bucket refills completely within a
 * minute, so an old one holds exactly what a new one would, and the table keeps only the partners calling now.
 * Every replica runs it each {@link #INTERVAL}.
 */
@ApplicationScoped
public class RateLimitCleanup {

    static final Duration IDLE = Duration.ofMinutes(2);
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final ExpiringRows buckets;
    private final Vertx vertx;
    private long timer = -1;

    public RateLimitCleanup(Pool pool, Vertx vertx) {
        this.buckets = new ExpiringRows(pool, "rate_limit_bucket", "bucket_key", "updated_at");
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent startup) {
        timer = buckets.deleteEvery(vertx, INTERVAL, IDLE);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
