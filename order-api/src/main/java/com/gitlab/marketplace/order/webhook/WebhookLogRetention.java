package com.gitlab.marketplace.order.webhook;

import com.gitlab.marketplace.order.config.OrderApiConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Keeps the partners' delivery logs to {@code order-api.webhooks.log-retention} (30 days): settled deliveries older
 * than that are deleted every hour, by whichever replica gets there (a repeat deletes nothing). Pending ones stay.
 */
@ApplicationScoped
public class WebhookLogRetention {

    private static final Logger LOG = Logger.getLogger(WebhookLogRetention.class);

    private final WebhookRepository webhooks;
    private final Duration retention;
    private final Clock clock = Clock.systemUTC();

    public WebhookLogRetention(WebhookRepository webhooks, OrderApiConfig config) {
        this.webhooks = webhooks;
        this.retention = config.webhooks().logRetention();
    }

    @Scheduled(every = "PT1H", delayed = "PT1M", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> forgetOld() {
        return webhooks.forgetSettled(clock.instant().minus(retention)).invoke(deleted -> {
            if (deleted > 0) {
                LOG.infof("forgot %d webhook deliveries settled more than %s ago", deleted, retention);
            }
        }).replaceWithVoid();
    }
}
