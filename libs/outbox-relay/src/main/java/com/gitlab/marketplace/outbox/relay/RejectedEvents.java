package com.gitlab.marketplace.outbox.relay;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.sql.Timestamp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Outbox events Kafka refused for good (too large for the topic, a topic that cannot exist, ...): kept aside in
 * {@code outbox_rejected} with the reason, so the relay goes on with the rest instead of halting on one row
 * forever. Operators alert on the table's row count ({@code marketplace_outbox_rejected_events}), fix the cause
 * and publish the event again by hand. The relay creates the table on first use, as Debezium does its offsets'.
 */
final class RejectedEvents implements AutoCloseable {

    static final String TABLE = "outbox_rejected";
    private static final Logger LOG = Logger.getLogger(RejectedEvents.class);

    private final OutboxRelaySettings settings;
    private Connection connection;

    RejectedEvents(OutboxRelaySettings settings) {
        this.settings = settings;
    }

    /** Keeps the refused event; throws when the database cannot take it (the batch is then delivered again). */
    synchronized void setAside(OutboxRecordMapper.OutboxRecord refused, Throwable reason) throws SQLException {
        ProducerRecord<String, byte[]> record = refused.record();
        try (PreparedStatement insert = connection().prepareStatement("INSERT INTO " + TABLE + " (id, topic, "
                + "kafka_key, type, payload, reason, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (id) DO NOTHING")) {
            insert.setObject(1, refused.id());
            insert.setString(2, record.topic());
            insert.setString(3, record.key());
            insert.setString(4, header(record, "ce_type"));
            insert.setString(5, new String(record.value(), StandardCharsets.UTF_8));
            insert.setString(6, String.valueOf(reason));
            insert.setTimestamp(7, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
        LOG.errorf("outbox relay %s: Kafka refused event %s (%s on %s) for good: %s. It is kept in %s; the relay "
                + "goes on with the others", settings.name(), refused.id(), header(record, "ce_type"), record.topic(),
                reason, TABLE);
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(settings.jdbcUrl(), settings.databaseUser(),
                    settings.databasePassword());
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id uuid PRIMARY KEY, topic text NOT NULL, "
                        + "kafka_key text, type text, payload text NOT NULL, reason text NOT NULL, "
                        + "rejected_at timestamptz NOT NULL)");
            }
        }
        return connection;
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // gone already
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeConnection();
    }
}
