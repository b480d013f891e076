package com.gitlab.marketplace.outbox.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * What the leader puts right in the database before it starts Debezium: the replication slot's stored offsets
 * when the slot itself was lost, and the publication's operations. Both run on the leader's lock session, so
 * only the replica that will read the slot touches them.
 */
final class SlotHousekeeping {

    private static final Logger LOG = Logger.getLogger(SlotHousekeeping.class);

    private final OutboxRelaySettings settings;

    SlotHousekeeping(OutboxRelaySettings settings) {
        this.settings = settings;
    }

    /**
     * When the slot is missing or invalidated, drops the slot's remains and this relay's stored offsets, so
     * Debezium starts over with a snapshot of the table instead of resuming from a position the new slot
     * never had. Rows the snapshot finds were not yet acknowledged by Kafka (published rows are deleted).
     */
    void forgetOffsetsOfALostSlot(Connection session) throws SQLException {
        String walStatus;
        try (PreparedStatement slot = session.prepareStatement(
                "SELECT wal_status FROM pg_replication_slots WHERE slot_name = ?")) {
            slot.setString(1, settings.slotName());
            try (ResultSet result = slot.executeQuery()) {
                walStatus = result.next() ? String.valueOf(result.getString(1)) : null;
            }
        }
        if (walStatus != null && !"lost".equals(walStatus)) {
            return;
        }
        if (walStatus != null) {
            try (PreparedStatement drop = session.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                drop.setString(1, settings.slotName());
                drop.execute();
            }
        }
        int forgotten;
        try (PreparedStatement forget = session.prepareStatement(
                "DELETE FROM " + DebeziumSettings.OFFSETS_TABLE + " WHERE offset_key LIKE ?")) {
            forget.setString(1, "[\"" + DebeziumSettings.engineName(settings) + "\",%");
            forgotten = forget.executeUpdate();
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) { // undefined_table: a first start, no offsets yet
                throw e;
            }
            forgotten = 0;
        }
        if (forgotten > 0) {
            LOG.warnf("outbox relay %s: replication slot %s was %s; dropped its stored offsets so a snapshot "
                    + "publishes every row still in the outbox", settings.name(), settings.slotName(),
                    walStatus == null ? "missing" : "invalidated");
        }
    }

    /**
     * The publication carries inserts only. With Debezium's own (every operation), the relay's deletes of
     * published rows came back through the slot, to be decoded, converted and dropped: a second change per event.
     */
    void publishInsertsOnly(Connection session) throws SQLException {
        Boolean narrow;
        try (PreparedStatement publication = session.prepareStatement("SELECT NOT (pubupdate OR pubdelete OR "
                + "pubtruncate) FROM pg_publication WHERE pubname = ?")) {
            publication.setString(1, settings.publicationName());
            try (ResultSet result = publication.executeQuery()) {
                narrow = result.next() ? result.getBoolean(1) : null;
            }
        }
        if (Boolean.TRUE.equals(narrow)) {
            return;
        }
        // The name is safe as an identifier: OutboxRelaySettings allows [a-z0-9_] only.
        try (Statement ddl = session.createStatement()) {
            if (narrow == null) {
                ddl.execute("CREATE PUBLICATION " + settings.publicationName() + " FOR TABLE "
                        + DebeziumSettings.OUTBOX_TABLE + " WITH (publish = 'insert')");
                return;
            }
            try {
                ddl.execute("ALTER PUBLICATION " + settings.publicationName() + " SET (publish = 'insert')");
            } catch (SQLException e) {
                // Another role owns it, say: the relay works with it as it is, only doing more work.
                LOG.warnf("outbox relay %s: could not narrow publication %s to inserts (%s); it carries every "
                        + "operation, so the relay also receives its own deletes", settings.name(),
                        settings.publicationName(), e.getMessage());
            }
        }
    }
}
