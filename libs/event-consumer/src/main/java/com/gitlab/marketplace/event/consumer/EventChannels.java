package com.gitlab.marketplace.event.consumer;

import com.gitlab.marketplace.events.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The Kafka wiring every service shares, declared once: a service subclasses this with what is its own (each
 * consumer's channel, group id and topics, from the event contract's {@link Topics}) and registers the subclass
 * in {@code META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource}. Everything else is fixed here:
 * CloudEvents in the binary binding (string keys, byte values), batches acknowledged after their effect
 * committed (no auto-commit), the beginning of the topic for a new group, and the dead-letter channel. A low
 * ordinal lets {@code application.properties} or the environment still override any of it.
 */
public abstract class EventChannels implements ConfigSource {

    private final Map<String, String> properties = new HashMap<>();

    protected EventChannels() {
        String deadLetters = "mp.messaging.outgoing." + DeadLetters.CHANNEL + ".";
        properties.put(deadLetters + "connector", "smallrye-kafka");
        // Each dead letter names its own topic (<topic>.dlq); this one only satisfies the connector.
        properties.put(deadLetters + "topic", "marketplace.dead-letters");
        properties.put(deadLetters + "key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        properties.put(deadLetters + "value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        properties.put(deadLetters + "acks", "all");
    }

    /**
     * Consumes {@code topics} on {@code channel} in batches (the consumer method takes
     * {@code ConsumerRecords<String, byte[]>} and returns a {@code Uni<Void>} that completes once the batch's
     * effect committed).
     */
    protected EventChannels consume(String channel, String groupId, String... topics) {
        String prefix = "mp.messaging.incoming." + channel + ".";
        properties.put(prefix + "connector", "smallrye-kafka");
        properties.put(prefix + "topics", String.join(",", topics));
        properties.put(prefix + "group.id", groupId);
        properties.put(prefix + "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        properties.put(prefix + "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        properties.put(prefix + "auto.offset.reset", "earliest");
        properties.put(prefix + "enable.auto.commit", "false");
        properties.put(prefix + "batch", "true");
        properties.put(prefix + "max.poll.records", "500");
        // An idle consumer's fetch waits at the broker this long for data (new data answers it at once): fewer
        // empty round trips while nothing happens, for the consumer and the broker alike.
        properties.put(prefix + "fetch.max.wait.ms", "5000");
        properties.put(prefix + "failure-strategy", "fail");
        // A batch only ever waits for the service's own database (upstream calls run as durable steps, never in
        // the consumer); while the database is away the batch is retried in place, and the consumer must not be
        // closed meanwhile as SmallRye does after 60 s by default.
        properties.put(prefix + "throttled.unprocessed-record-max-age.ms", "0");
        return this;
    }

    /** Writes to {@code topic} on the outgoing {@code channel}, acknowledged by every in-sync replica. */
    protected EventChannels produce(String channel, String topic) {
        String prefix = "mp.messaging.outgoing." + channel + ".";
        properties.put(prefix + "connector", "smallrye-kafka");
        properties.put(prefix + "topic", topic);
        properties.put(prefix + "key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        properties.put(prefix + "value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        properties.put(prefix + "acks", "all");
        return this;
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.copyOf(properties);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.copyOf(properties.keySet());
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "marketplace-event-channels";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
