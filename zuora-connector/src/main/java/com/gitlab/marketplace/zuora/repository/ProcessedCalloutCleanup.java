package com.gitlab.marketplace.zuora.repository;

import com.gitlab.marketplace.event.consumer.ExpiringRows;
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
 * Forgets callouts received longer ago than {@code zuora-connector.processed-callouts-kept} (35 days):
 * {@code processed_callout} would otherwise grow by every callout for ever. A callout's id only has to outlive
 * Zuora's retries of it (hours) and an operator's look at a refused one; a callout repeated after the window
 * still changes nothing, since an order activates once. Every replica runs it hourly ({@link ExpiringRows}).
 */
@ApplicationScoped
public class ProcessedCalloutCleanup {

    private final ExpiringRows callouts;
    private final Vertx vertx;
    private final Duration kept;
    private final Duration interval;
    private long timer = -1;

    public ProcessedCalloutCleanup(Pool pool, Vertx vertx,
            @ConfigProperty(name = "zuora-connector.processed-callouts-kept", defaultValue = "P35D") Duration kept,
            @ConfigProperty(name = "zuora-connector.processed-callouts-cleanup-interval", defaultValue = "PT1H")
            Duration interval) {
        this.callouts = new ExpiringRows(pool, "processed_callout", "notification_id", "received_at");
        this.vertx = vertx;
        this.kept = kept;
        this.interval = interval;
    }

    void start(@Observes StartupEvent startup) {
        timer = callouts.deleteEvery(vertx, interval, kept);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Deletes the callouts received before {@code cutoff}; the number deleted. */
    public Uni<Long> forgetOlderThan(Instant cutoff) {
        return callouts.deleteOlderThan(cutoff);
    }
}
