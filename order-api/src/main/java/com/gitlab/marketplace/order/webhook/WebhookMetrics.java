package com.gitlab.marketplace.order.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What operators watch of the webhooks: {@code marketplace_webhook_deliveries_total{outcome}} (delivered, retrying,
 * failed: given up, refused: the URL no longer passes the address check), {@code
 * marketplace_webhook_endpoints_disabled_total{reason}} (gone: the endpoint answered 410, failing: for longer than
 * {@code order-api.webhooks.disable-after-failing-for}), and {@code marketplace_webhook_oldest_pending_seconds{partner}},
 * the age of each endpoint's oldest undelivered event, refreshed with the stuck-orders gauge (every replica reports
 * the same figure: alert on {@code max}). A series once seen stays, at 0, when its endpoint catches up.
 */
@ApplicationScoped
public class WebhookMetrics {

    private final MeterRegistry registry;
    private final WebhookRepository webhooks;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, AtomicLong> oldestPending = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry, WebhookRepository webhooks) {
        this.registry = registry;
        this.webhooks = webhooks;
        // At 0 from the start, so that the first one is an increase an alert sees.
        List.of("delivered", "retrying", "failed", "refused").forEach(outcome -> deliveries(outcome));
        List.of("gone", "failing").forEach(reason -> disabledEndpoints(reason));
    }

    void attempt(String outcome) {
        deliveries(outcome).increment();
    }

    void disabled(String reason) {
        disabledEndpoints(reason).increment();
    }

    private Counter deliveries(String outcome) {
        return Counter.builder("marketplace.webhook.deliveries").description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Counter disabledEndpoints(String reason) {
        return Counter.builder("marketplace.webhook.endpoints.disabled")
                .description("Webhook endpoints the platform disabled (gone: 410; failing: for too long)")
                .tag("reason", reason).register(registry);
    }

    @Scheduled(every = "${order-api.stuck-orders-refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return webhooks.oldestPending().invoke(this::show).replaceWithVoid();
    }

    private void show(List<WebhookRepository.OldestPending> pending) {
        Instant now = clock.instant();
        Map<String, Long> ages = new HashMap<>();
        pending.forEach(row -> ages.put(row.partnerId(), Math.max(0, Duration.between(row.createdAt(), now)
                .toSeconds())));
        oldestPending.forEach((partner, value) -> value.set(ages.getOrDefault(partner, 0L)));
        ages.forEach((partner, age) -> oldestPending.computeIfAbsent(partner, this::register).set(age));
    }

    private AtomicLong register(String partnerId) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("marketplace.webhook.oldest.pending.seconds", value, AtomicLong::get)
                .description("Age of the partner endpoint's oldest undelivered webhook event")
                .tag("partner", partnerId)
                .register(registry);
        return value;
    }
}
