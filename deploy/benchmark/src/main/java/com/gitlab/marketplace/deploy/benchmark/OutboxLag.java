package com.gitlab.marketplace.deploy.benchmark;

import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.Topics;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How late each {@code OrderPlaced} reaches Kafka: from the event's time (set in the transaction that writes
 * the outbox row, just before its commit) to the Kafka record's timestamp (set by the relay's producer when it
 * sends). Both clocks are this machine's. Watched from the benchmark's own consumer group.
 */
final class OutboxLag implements AutoCloseable {

    private final Recorder lagMillis = new Recorder(3);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread watcher;

    OutboxLag(String bootstrapServers) {
        watcher = new Thread(() -> watch(bootstrapServers), "benchmark-outbox-lag");
        watcher.start();
    }

    private void watch(String bootstrapServers) {
        EventWatch.watch(bootstrapServers, "benchmark-lag", List.of(Topics.ORDER_EVENTS), running::get,
                (record, event) -> {
                    if (event.type() == EventType.ORDER_PLACED) {
                        lagMillis.recordValue(Math.max(0, record.timestamp()
                                - event.attributes().time().toEpochMilli()));
                    }
                });
    }

    /** The lags recorded since the last call. */
    Histogram sinceLastCall() {
        return lagMillis.getIntervalHistogram();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        watcher.join(10_000);
    }
}
