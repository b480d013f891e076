package com.gitlab.marketplace.outbox.relay;

import com.gitlab.marketplace.events.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/** Turns an outbox row routed by Debezium's EventRouter into a CloudEvents Kafka record. */
final class OutboxRecordMapper {

    static final String ID_HEADER = "outbox_id";
    static final String TYPE_HEADER = "outbox_type";
    static final String TIME_HEADER = "outbox_created_at";

    private final String ceSource;

    OutboxRecordMapper(String ceSource) {
        this.ceSource = ceSource;
    }

    /** An outbox event to publish, or empty for Debezium's own records (heartbeats). */
    Optional<OutboxRecord> toKafkaRecord(SourceRecord routed) {
        if (routed.topic().startsWith(DebeziumSettings.HEARTBEAT_TOPIC_PREFIX) || routed.value() == null) {
            return Optional.empty();
        }
        UUID id = UUID.fromString(header(routed, ID_HEADER));
        String type = header(routed, TYPE_HEADER);
        Instant time = parseTime(header(routed, TIME_HEADER));
        String key = String.valueOf(routed.key());
        byte[] payload = String.valueOf(routed.value()).getBytes(StandardCharsets.UTF_8);

        ProducerRecord<String, byte[]> record = new ProducerRecord<>(routed.topic(), key, payload);
        CloudEventHeaders.write(record.headers(), id, type, ceSource, key, time);
        return Optional.of(new OutboxRecord(id, record));
    }

    private static String header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        if (header == null || header.value() == null) {
            throw new IllegalStateException("outbox record on " + record.topic() + " lacks " + name);
        }
        return header.value().toString();
    }

    /** Debezium renders timestamptz as an ISO-8601 string with offset. */
    private static Instant parseTime(String value) {
        return OffsetDateTime.parse(value).toInstant();
    }

    record OutboxRecord(UUID id, ProducerRecord<String, byte[]> record) {
    }
}
