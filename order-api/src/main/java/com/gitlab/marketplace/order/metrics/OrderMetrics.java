package com.gitlab.marketplace.order.metrics;

import com.gitlab.marketplace.order.status.OrderStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * What operators alert on about orders (README, "Metrics"): accepted, rejected by reason, each status reached
 * and the time from acceptance to it. Counted after the transaction that made it true has committed, so a
 * rolled-back attempt counts nothing.
 */
@ApplicationScoped
public class OrderMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter retried;
    private final Counter redriven;

    public OrderMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("marketplace.orders.accepted")
                .description("New orders accepted: the order, its status and OrderPlaced committed together")
                .register(registry);
        this.retried = Counter.builder("marketplace.orders.retried")
                .description("Orders an operator retried (a new attempt of what failed)")
                .register(registry);
        this.redriven = Counter.builder("marketplace.orders.redriven")
                .description("Orders in progress an operator re-drove (their unfinished steps run now)")
                .register(registry);
        // Each status's series from the start: an alert on rate(...{status="Failed"}) needs the series to exist.
        for (OrderStatus status : new OrderStatus[] {OrderStatus.Created, OrderStatus.Failed, OrderStatus.Provisioned}) {
            statusReached(status);
            timeToStatus(status);
        }
    }

    public void accepted() {
        accepted.increment();
    }

    public void retried() {
        retried.increment();
    }

    public void redriven() {
        redriven.increment();
    }

    /** A POST refused with this error code (validation_failed, trading_partner_not_permitted, ...). */
    public void rejected(String reason) {
        Counter.builder("marketplace.orders.rejected")
                .description("Orders refused at POST, by the error code of the answer")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** The projection moved an order to {@code status}; {@code acceptedAt} is when the order was accepted. */
    public void reached(OrderStatus status, Instant acceptedAt, Instant now) {
        statusReached(status).increment();
        Duration taken = Duration.between(acceptedAt, now);
        timeToStatus(status).record(taken.isNegative() ? Duration.ZERO : taken);
    }

    private Counter statusReached(OrderStatus status) {
        return Counter.builder("marketplace.orders.status.reached")
                .description("Orders that reached a status (Created, Provisioned, Failed)")
                .tag("status", status.name())
                .register(registry);
    }

    private Timer timeToStatus(OrderStatus status) {
        return Timer.builder("marketplace.orders.time.to.status")
                .description("Time from an order's acceptance to the status it reached")
                .tag("status", status.name())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }
}
