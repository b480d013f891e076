package com.gitlab.marketplace.deploy.benchmark;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.infrastructure.embedded.TopicRecords;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The benchmarks' view of the platform's events as they reach Kafka: a consumer group of their own, from the
 * end of each topic, handing every readable event with its Kafka record (whose timestamp the benchmarks use).
 */
final class EventWatch {

    private EventWatch() {
    }

    /** Watches {@code topics} while {@code running} holds; records that are not platform events are skipped. */
    static void watch(String bootstrapServers, String group, List<String> topics, BooleanSupplier running,
            BiConsumer<ConsumerRecord<String, byte[]>, ReceivedEvent> onEvent) {
        try (KafkaConsumer<String, byte[]> consumer = TopicRecords.observer(bootstrapServers, group, false)) {
            consumer.subscribe(topics);
            while (running.getAsBoolean()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    ReceivedEvent event;
                    try {
                        event = EventRecords.read(record);
                    } catch (RuntimeException notOurs) {
                        continue;
                    }
                    onEvent.accept(record, event);
                }
            }
        }
    }
}
