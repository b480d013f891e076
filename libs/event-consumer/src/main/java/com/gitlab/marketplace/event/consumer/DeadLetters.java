package com.gitlab.marketplace.event.consumer;

import com.gitlab.marketplace.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends a poison record, unchanged, to {@code <topic>.dlq} with the reason in headers; nothing is dropped.
 * Each one is counted per dead-letter topic ({@code marketplace_dead_letters_total{topic}}): operators alert
 * on any increase.
 */
// Created at startup: its series exist before the first dead letter, so an alert on their increase sees it.
@Startup
@ApplicationScoped
public class DeadLetters {

    /** The outgoing channel ({@link EventChannels} configures it). */
    public static final String CHANNEL = "dead-letters";
    /** Headers a dead letter carries beside the original record's own. */
    public static final String REASON_HEADER = "dlq-reason";
    public static final String ORIGINAL_TOPIC_HEADER = "dlq-original-topic";
    public static final String ORIGINAL_PARTITION_HEADER = "dlq-original-partition";
    public static final String ORIGINAL_OFFSET_HEADER = "dlq-original-offset";
    /** The service whose consumer refused it: the one a replay is for (the others skip it as a duplicate). */
    public static final String CONSUMER_HEADER = "dlq-consumer";
    /** Every header of this prefix is the dead-letter topic's own, dropped when the record is replayed. */
    public static final String HEADER_PREFIX = "dlq-";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;
    private final MeterRegistry registry;
    private final String consumer;

    public DeadLetters(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.emitter = emitter;
        this.registry = registry;
        this.consumer = consumer;
        // Every platform topic's series exists from the start, so an alert on its increase sees the first one.
        Topics.ALL.forEach(topic -> counter(Topics.deadLetter(topic)));
    }

    public Uni<Void> send(ConsumerRecord<String, byte[]> record, String reason) {
        String topic = Topics.deadLetter(record.topic());
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(REASON_HEADER, bytes(reason));
        headers.add(ORIGINAL_TOPIC_HEADER, bytes(record.topic()));
        headers.add(ORIGINAL_PARTITION_HEADER, bytes(String.valueOf(record.partition())));
        headers.add(ORIGINAL_OFFSET_HEADER, bytes(String.valueOf(record.offset())));
        headers.add(CONSUMER_HEADER, bytes(consumer));
        LOG.errorf("poison record %s-%d@%d sent to %s: %s", record.topic(), record.partition(), record.offset(), topic,
                reason);
        Message<byte[]> message = Message.of(record.value() == null ? new byte[0] : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(topic).withKey(record.key()).withHeaders(headers).build());
        return emitter.sendMessage(message).invoke(() -> counter(topic).increment());
    }

    private Counter counter(String topic) {
        return Counter.builder("marketplace_dead_letters_total")
                .description("Records sent to a dead-letter topic, by that topic: they broke the event contract or "
                        + "failed the same way on every try")
                .tag("topic", topic)
                .register(registry);
    }

    private static byte[] bytes(String value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }
}
