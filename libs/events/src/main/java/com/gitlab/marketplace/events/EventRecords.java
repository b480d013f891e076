package com.gitlab.marketplace.events;

import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds and reads Kafka records of platform events (key = subject, value = JSON, CloudEvents headers). */
public final class EventRecords {

    private EventRecords() {
    }

    /** A record of a new event with a fresh {@code ce_id}, to be sent directly (not through an outbox). */
    public static ProducerRecord<String, byte[]> newRecord(EventSource source, MarketplaceEvent payload, Instant time) {
        return record(UUID.randomUUID(), source, payload, time);
    }

    /** A record of an event whose id is already fixed, e.g. to republish it unchanged. */
    public static ProducerRecord<String, byte[]> record(UUID id, EventSource source, MarketplaceEvent payload,
            Instant time) {
        EventType type = EventType.of(payload);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(type.topic(), payload.subject(),
                EventJson.serialize(payload));
        CloudEventHeaders.write(record.headers(), id, type.ceType(), source.uri(), payload.subject(), time);
        return record;
    }

    /**
     * Reads a received record.
     *
     * @throws MalformedEventException when headers or payload break the contract (a poison message)
     */
    public static ReceivedEvent read(ConsumerRecord<String, byte[]> record) {
        EventAttributes attributes = CloudEventHeaders.read(record.headers());
        EventType type = EventType.ofCeType(attributes.type())
                .orElseThrow(() -> new MalformedEventException("unknown ce_type '" + attributes.type() + "'"));
        if (!type.topic().equals(record.topic())) {
            throw new MalformedEventException(type.ceType() + " does not belong on topic " + record.topic());
        }
        if (record.value() == null) {
            throw new MalformedEventException("record without payload");
        }
        return new ReceivedEvent(attributes, type, EventJson.deserialize(type, record.value()));
    }
}
