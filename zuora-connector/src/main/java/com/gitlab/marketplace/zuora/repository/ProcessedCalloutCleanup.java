package com.gitlab.marketplace.zuora.repository;

import com.gitlab.marketplace.event.consumer.ExpiringRows;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Forgets callouts received longer ago than {@code zuora-connector.processed-callouts-kept} (35 days):
 * {@code processed_callout} would otherwise grow by every callout for ever. A callout's id only has to outlive
 * Zuora's retries of it (hours) and an operator's look at a refused one; a callout repeated after the window
 * still changes nothing, since an order activates once. Every replica runs it hourly.
 */
@Singleton
public class ProcessedCalloutCleanup extends ExpiringRows {

    public ProcessedCalloutCleanup(Pool pool, Vertx vertx,
            @ConfigProperty(name = "zuora-connector.processed-callouts-kept", defaultValue = "P35D") Duration kept,
            @ConfigProperty(name = "zuora-connector.processed-callouts-cleanup-interval", defaultValue = "PT1H")
            Duration interval) {
        super(pool, vertx, "processed_callout", "notification_id", "received_at", kept, interval);
    }
}
