package com.gitlab.marketplace.outbox.relay;

import com.gitlab.marketplace.events.EventJson;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The column values of one {@code outbox_event} row for an event, so every service writes rows the relay
 * understands. Insert it in the same transaction as the state change it announces.
 *
 * @param id            becomes {@code ce_id}, the consumers' dedupe key
 * @param aggregateType the destination topic
 * @param aggregateId   the Kafka key and {@code ce_subject}
 * @param type          the {@code ce_type}
 * @param payload       the JSON payload
 * @param createdAt     becomes {@code ce_time}
 */
public record OutboxRow(UUID id, String aggregateType, String aggregateId, String type, String payload,
        Instant createdAt) {

    /**
     * The SQL that inserts a row; parameters in the order of the record's components ($6 is timestamptz).
     * The payload is bound as text and cast: bound straight to jsonb, the Vert.x client would store a
     * Java String as a JSON string scalar (the payload double-encoded).
     */
    public static final String INSERT = "INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, payload, "
            + "created_at) VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)";

    public static OutboxRow of(MarketplaceEvent event, Instant createdAt) {
        EventType type = EventType.of(event);
        return new OutboxRow(UUID.randomUUID(), type.topic(), event.subject(), type.ceType(),
                EventJson.serializeToString(event), createdAt);
    }
}
