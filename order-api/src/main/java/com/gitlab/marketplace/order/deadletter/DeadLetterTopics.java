package com.gitlab.marketplace.order.deadletter;

import com.gitlab.marketplace.event.consumer.DeadLetters;
import com.gitlab.marketplace.events.CloudEventHeaders;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.http.errors.ApiException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The platform's dead-letter topics as Kafka holds them: read without a consumer group (an operator's look moves
 * no service's offsets), and a record published again, unchanged, to the topic it was refused on. Blocking:
 * callers run it off the event loop. Every call to Kafka has a deadline.
 */
@ApplicationScoped
public class DeadLetterTopics {

    private static final Logger LOG = Logger.getLogger(DeadLetterTopics.class);
    static final Duration KAFKA_DEADLINE = Duration.ofSeconds(10);
    /** Marks a replayed record, for the consumers' logs and anyone reading the topic. */
    static final String REPLAYED_FROM_HEADER = "replayed-from";

    private final String bootstrapServers;
    private KafkaProducer<String, byte[]> producer;

    public DeadLetterTopics(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** How many records each dead-letter topic holds now (that Kafka still retains), in the platform's order. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            for (String original : Topics.ALL) {
                String topic = Topics.deadLetter(original);
                List<TopicPartition> partitions = partitions(consumer, topic);
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, KAFKA_DEADLINE);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KAFKA_DEADLINE);
                counts.put(topic, partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum());
            }
        }
        return counts;
    }

    /** Where each partition of these topics ends now: what "replay all" covers (not what it refuses again). */
    public Map<TopicPartition, Long> ends(List<String> topics) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = topics.stream().flatMap(topic -> partitions(consumer, topic).stream())
                    .toList();
            return consumer.endOffsets(partitions, KAFKA_DEADLINE);
        }
    }

    /**
     * Up to {@code limit} dead letters of {@code topics} after {@code after} (null: from the first), in
     * {@link DeadLetterId} order, without their replays.
     */
    public List<DeadLetter> read(List<String> topics, DeadLetterId after, int limit) {
        return records(topics, after, limit).stream().map(record -> describe(idOf(record), record)).toList();
    }

    /** The records {@link #read} describes, as Kafka holds them: what a replay publishes again. */
    public List<ConsumerRecord<String, byte[]>> records(List<String> topics, DeadLetterId after, int limit) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        long deadline = System.nanoTime() + KAFKA_DEADLINE.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            for (String topic : topics.stream().sorted(Comparator.comparingInt(DeadLetterId::topicIndex)).toList()) {
                for (TopicPartition partition : partitions(consumer, topic)) {
                    DeadLetterId first = new DeadLetterId(topic, partition.partition(), 0);
                    if (after != null && first.compareTo(after) < 0 && !samePartition(after, partition)) {
                        continue;
                    }
                    long from = after != null && samePartition(after, partition) ? after.offset() + 1 : 0;
                    // Its own list: readRecords counts what it read against the limit it is given.
                    List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
                    readRecords(consumer, partition, from, limit - found.size(), deadline, read);
                    found.addAll(read);
                    if (found.size() >= limit) {
                        return found;
                    }
                }
            }
        }
        return found;
    }

    static DeadLetterId idOf(ConsumerRecord<String, byte[]> record) {
        return new DeadLetterId(record.topic(), record.partition(), record.offset());
    }

    /** The record at {@code id}, if the topic holds it. */
    public Optional<ConsumerRecord<String, byte[]>> find(DeadLetterId id) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            TopicPartition partition = new TopicPartition(id.topic(), id.partition());
            if (!partitions(consumer, id.topic()).contains(partition)) {
                return Optional.empty();
            }
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            readRecords(consumer, partition, id.offset(), 1, System.nanoTime() + KAFKA_DEADLINE.toNanos(), records);
            return records.stream().filter(r -> r.offset() == id.offset()).findFirst();
        }
    }

    /**
     * Publishes the dead letter again to its original topic with its key, value and headers (its CloudEvents id
     * included, so a consumer that processed it already skips it), without the dead-letter headers, and waits
     * for Kafka's acknowledgement.
     */
    public void republish(DeadLetterId id, ConsumerRecord<String, byte[]> deadLetter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : deadLetter.headers()) {
            if (!header.key().startsWith(DeadLetters.HEADER_PREFIX)) {
                headers.add(header);
            }
        }
        headers.add(REPLAYED_FROM_HEADER, id.toString().getBytes(StandardCharsets.UTF_8));
        try {
            producer().send(new ProducerRecord<>(id.originalTopic(), null, deadLetter.key(), deadLetter.value(),
                    headers)).get(KAFKA_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying " + id, e);
        } catch (Exception e) {
            LOG.warnf(e, "the replay of %s to %s was not acknowledged", id, id.originalTopic());
            throw unavailable("Kafka did not acknowledge the replay of " + id + " within "
                    + KAFKA_DEADLINE.toSeconds() + " s; ask again (a replay is safe to repeat)");
        }
    }

    static DeadLetter describe(DeadLetterId id, ConsumerRecord<String, byte[]> record) {
        return new DeadLetter(id.toString(), id.topic(), Instant.ofEpochMilli(record.timestamp()),
                header(record, DeadLetters.CONSUMER_HEADER), header(record, DeadLetters.REASON_HEADER),
                id.originalTopic(), number(header(record, DeadLetters.ORIGINAL_PARTITION_HEADER))
                        .map(Long::intValue).orElse(null),
                number(header(record, DeadLetters.ORIGINAL_OFFSET_HEADER)).orElse(null), record.key(),
                header(record, CloudEventHeaders.ID), header(record, CloudEventHeaders.TYPE), List.of());
    }

    /** Up to {@code limit} records of the partition from offset {@code from} to its end as it is now. */
    private static void readRecords(KafkaConsumer<String, byte[]> consumer, TopicPartition partition, long from,
            int limit, long deadline, List<ConsumerRecord<String, byte[]>> records) {
        long end = consumer.endOffsets(List.of(partition), KAFKA_DEADLINE).get(partition);
        long start = Math.max(from, consumer.beginningOffsets(List.of(partition), KAFKA_DEADLINE).get(partition));
        if (start >= end || limit <= 0) {
            return;
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, start);
        while (records.size() < limit && consumer.position(partition, KAFKA_DEADLINE) < end) {
            if (System.nanoTime() > deadline) {
                throw unavailable("Kafka did not deliver " + partition + " within " + KAFKA_DEADLINE.toSeconds()
                        + " s");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200)).records(partition)) {
                if (record.offset() < end && records.size() < limit) {
                    records.add(record);
                }
            }
        }
    }

    private static boolean samePartition(DeadLetterId id, TopicPartition partition) {
        return id.topic().equals(partition.topic()) && id.partition() == partition.partition();
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, KAFKA_DEADLINE);
        return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_DEADLINE.toMillis());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "order-api-dead-letters");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KAFKA_DEADLINE.toMillis());
            // Kafka gives up on a replay before the caller stops waiting for it: a 503 never hides a replay that
            // lands later without its audit row.
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_DEADLINE.toMillis() / 2);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) KAFKA_DEADLINE.toMillis() - 1000);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "order-api-dead-letter-replays");
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(KAFKA_DEADLINE);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Optional<Long> number(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Kafka did not answer in time: 503, the operator asks again. */
    static ApiException unavailable(String message) {
        return new ApiException(503, "kafka_unavailable", message);
    }
}
