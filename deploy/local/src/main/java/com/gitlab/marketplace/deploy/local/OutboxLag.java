package com.gitlab.marketplace.deploy.local;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.infrastructure.embedded.TopicRecords;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

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
        try (KafkaConsumer<String, byte[]> consumer = TopicRecords.observer(bootstrapServers, "benchmark-lag",
                false)) {
            consumer.subscribe(List.of(Topics.ORDER_EVENTS));
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    ReceivedEvent event;
                    try {
                        event = EventRecords.read(record);
                    } catch (RuntimeException notOurs) {
                        continue;
                    }
                    if (event.type() == EventType.ORDER_PLACED) {
                        lagMillis.recordValue(Math.max(0, record.timestamp()
                                - event.attributes().time().toEpochMilli()));
                    }
                }
            }
        }
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
