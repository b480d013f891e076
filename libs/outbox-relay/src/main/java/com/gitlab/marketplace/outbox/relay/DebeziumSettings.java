package com.gitlab.marketplace.outbox.relay;

import java.time.Duration;
import java.util.Properties;

/** The Debezium PostgreSQL connector and outbox EventRouter configuration of a relay. */
final class DebeziumSettings {

    static final String HEARTBEAT_TOPIC_PREFIX = "__debezium-heartbeat";
    static final String OUTBOX_TABLE = "public.outbox_event";
    static final String OFFSETS_TABLE = "outbox_relay_offsets";
    private static final Duration OFFSET_FLUSH_INTERVAL = Duration.ofMillis(250);

    private DebeziumSettings() {
    }

    /** The engine's name; the first element of every offset key it stores. */
    static String engineName(OutboxRelaySettings settings) {
        return settings.name() + "-outbox-relay";
    }

    static Properties of(OutboxRelaySettings settings) {
        Properties p = new Properties();
        p.setProperty("name", engineName(settings));
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("database.hostname", settings.databaseHost());
        p.setProperty("database.port", String.valueOf(settings.databasePort()));
        p.setProperty("database.user", settings.databaseUser());
        p.setProperty("database.password", settings.databasePassword());
        p.setProperty("database.dbname", settings.databaseName());
        p.setProperty("topic.prefix", settings.name());
        p.setProperty("slot.name", settings.slotName());
        p.setProperty("publication.name", settings.publicationName());
        // The relay creates the publication itself, for inserts only (OutboxRelay#publishInsertsOnly).
        p.setProperty("publication.autocreate.mode", "disabled");
        p.setProperty("table.include.list", OUTBOX_TABLE);
        // A new slot starts with a snapshot, so rows written before the slot existed are published too.
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("tombstones.on.delete", "false");
        // Debezium's default of 500 ms alone would break the commit-to-Kafka latency target.
        p.setProperty("poll.interval.ms", String.valueOf(settings.pollInterval().toMillis()));
        // Lets the slot's confirmed position advance while the outbox is quiet, so WAL does not pile up, and
        // shows the relay's health that an idle leader is still streaming.
        p.setProperty("heartbeat.interval.ms", String.valueOf(settings.heartbeatInterval().toMillis()));
        p.setProperty("topic.heartbeat.prefix", HEARTBEAT_TOPIC_PREFIX);

        p.setProperty("offset.storage", "io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore");
        p.setProperty("offset.storage.jdbc.connection.url", settings.jdbcUrl());
        p.setProperty("offset.storage.jdbc.connection.user", settings.databaseUser());
        p.setProperty("offset.storage.jdbc.connection.password", settings.databasePassword());
        p.setProperty("offset.storage.jdbc.table.name", OFFSETS_TABLE);
        // Offsets are a transaction of their own: written after every batch, they were one more commit per batch
        // on the relay's path. A crash re-delivers at most this much (consumers drop repeats by ce_id); a stop
        // commits what was published.
        p.setProperty("offset.flush.interval.ms", String.valueOf(OFFSET_FLUSH_INTERVAL.toMillis()));

        p.setProperty("transforms", "outbox");
        p.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        p.setProperty("transforms.outbox.route.by.field", "aggregatetype");
        p.setProperty("transforms.outbox.route.topic.replacement", "${routedByValue}");
        p.setProperty("transforms.outbox.table.field.event.key", "aggregateid");
        p.setProperty("transforms.outbox.table.field.event.payload", "payload");
        p.setProperty("transforms.outbox.table.fields.additional.placement",
                "id:header:" + OutboxRecordMapper.ID_HEADER
                        + ",type:header:" + OutboxRecordMapper.TYPE_HEADER
                        + ",created_at:header:" + OutboxRecordMapper.TIME_HEADER);
        return p;
    }
}
