package com.gitlab.marketplace.infrastructure.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What tests and the local stack's demo and benchmark do with topics: send a record and wait for it to be
 * acknowledged; watch or read what matches.
 */
public final class TopicRecords {

    private TopicRecords() {
    }

    public static ProducerRecord<String, byte[]> send(String bootstrapServers, ProducerRecord<String, byte[]> record) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get();
            return record;
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    /**
     * A consumer in a group of its own, so it sees every record without taking any from the services.
     *
     * @param groupPrefix names the group (a random suffix is added) in the broker's listings
     * @param fromStart   read what is on the topics already (earliest), or only what comes next (latest)
     */
    public static KafkaConsumer<String, byte[]> observer(String bootstrapServers, String groupPrefix,
            boolean fromStart) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + "-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromStart ? "earliest" : "latest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads {@code topic} from the beginning until {@code count} records match (within {@code timeout}), then
     * on to the end of every partition as it is then, so that a record that should not be there is seen too
     * ({@code count} 0: every matching record the topic holds now).
     *
     * @throws IllegalStateException when fewer matched in time
     */
    public static List<ConsumerRecord<String, byte[]>> await(String bootstrapServers, String topic,
            Predicate<ConsumerRecord<String, byte[]>> matching, int count, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = observer(bootstrapServers, "test", true)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (received.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + received.size() + " of " + count
                            + " expected records arrived on " + topic + " within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (matching.test(r)) {
                        received.add(r);
                    }
                });
            }
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (matching.test(r)) {
                        received.add(r);
                    }
                });
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (matching.test(r)) {
                        received.add(r);
                    }
                });
            }
        }
        return received;
    }
}
