package com.gitlab.marketplace.order.metrics;

import com.gitlab.marketplace.order.config.OrderApiConfig;
import com.gitlab.marketplace.order.status.OrderStatusRepository;
import com.gitlab.marketplace.order.status.StuckOrders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code marketplace_orders_stuck{partner,step}}: orders in progress unchanged for longer than
 * {@code order-api.stuck-after}, by partner and the first step they wait for. A stuck order shows here whether
 * or not anything ever reports on it (a lost event, a service down). Counted from the status table every
 * {@code order-api.stuck-orders-refresh-interval}; each replica reports the same figure, so alert on {@code max}.
 * A series once seen stays at 0 when its orders move on, so a graph shows the drop instead of a gap.
 */
@ApplicationScoped
public class StuckOrdersGauge {

    private final OrderStatusRepository statuses;
    private final OrderApiConfig config;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Map<List<String>, AtomicLong> counts = new ConcurrentHashMap<>();

    public StuckOrdersGauge(OrderStatusRepository statuses, OrderApiConfig config, MeterRegistry registry) {
        this.statuses = statuses;
        this.config = config;
        this.registry = registry;
    }

    // Skipped while the application starts or stops: a refresh after shutdown would log the closed pool as an error.
    @Scheduled(every = "${order-api.stuck-orders-refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return statuses.countStuck(clock.instant().minus(config.stuckAfter())).invoke(this::show).replaceWithVoid();
    }

    private void show(List<StuckOrders> stuck) {
        Map<List<String>, Long> now = new HashMap<>();
        stuck.forEach(row -> now.put(List.of(row.partnerId(), row.step()), row.orders()));
        counts.forEach((key, value) -> value.set(now.getOrDefault(key, 0L)));
        now.forEach((key, orders) -> counts.computeIfAbsent(key, this::register).set(orders));
    }

    private AtomicLong register(List<String> key) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("marketplace.orders.stuck", value, AtomicLong::get)
                .description("Orders in progress unchanged for longer than order-api.stuck-after, by partner and the "
                        + "first step they wait for (zuora, salesforce, notification)")
                .tag("partner", key.get(0))
                .tag("step", key.get(1))
                .register(registry);
        return value;
    }
}
