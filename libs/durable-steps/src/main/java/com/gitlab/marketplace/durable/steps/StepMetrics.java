package com.gitlab.marketplace.durable.steps;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * What operators alert on: every try by kind and outcome (a timer: its count is the rate, its buckets the
 * time a call took), and how many steps are pending, failed or stuck per kind. The counts come from the step
 * table, read by a timer of their own (one small query every few seconds), never on the scraping thread.
 */
final class StepMetrics implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StepMetrics.class);

    private final MeterRegistry registry;
    private final StepStore store;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "durable-steps-metrics");
        thread.setDaemon(true);
        return thread;
    });

    StepMetrics(MeterRegistry registry, StepStore store, Collection<String> kinds) {
        this.registry = registry;
        this.store = store;
        for (String kind : kinds) {
            for (Step.State state : new Step.State[] {Step.State.PENDING, Step.State.FAILED, Step.State.STUCK}) {
                AtomicLong count = counts.computeIfAbsent(key(kind, state), k -> new AtomicLong());
                Gauge.builder("marketplace_steps", count, AtomicLong::get)
                        .description("Steps not done, by kind and state (stuck: past their deadline, an operator "
                                + "incident; failed: refused for good, waiting for an operator's retry)")
                        .tags("kind", kind, "state", state.column())
                        .register(registry);
            }
        }
    }

    void tried(String kind, String outcome, long millis) {
        Timer.builder("marketplace_step_tries_seconds")
                .description("Tries of durable steps by kind and outcome (done, waiting, error, failed, stuck)")
                .tags("kind", kind, "outcome", outcome)
                .publishPercentileHistogram(false)
                .register(registry)
                .record(millis, TimeUnit.MILLISECONDS);
    }

    /** Reads the counts now and every {@code interval}. */
    void start(Duration interval) {
        refresher.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }

    private void refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        store.unfinishedCounts().subscribe().with(found -> {
            counts.forEach((key, count) -> count.set(0));
            found.forEach((kind, states) -> states.forEach((state, n) -> {
                AtomicLong count = counts.get(key(kind, state));
                if (count != null) {
                    count.set(n);
                }
            }));
            refreshing.set(false);
        }, failure -> {
            LOG.debugf("step counts not refreshed: %s", failure.getMessage());
            refreshing.set(false);
        });
    }

    private static String key(String kind, Step.State state) {
        return kind + "\u0000" + state.name();
    }
}
