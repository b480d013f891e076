package com.gitlab.marketplace.outbox.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes the rows Kafka has acknowledged, on a thread of its own, many batches per statement.
 *
 * <p>Off the engine's path: a delete per batch, in the batch's cycle, delayed every next batch by a
 * round trip and a commit. And deleted again later when a row is not there yet: PostgreSQL writes a commit
 * to the WAL (where the relay reads it) a moment before other sessions can see the row, so a delete sent
 * at once sometimes found nothing, and the row stayed in the table for good, counted as backlog.
 */
final class PublishedRowCleanup implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PublishedRowCleanup.class);
    /** How often queued ids are deleted; also how long an id waits before it is tried again. */
    private static final Duration INTERVAL = Duration.ofMillis(100);
    /** Tries per id, about five seconds: a row that never shows up was deleted already (a re-delivery). */
    private static final int ATTEMPTS = 50;

    private final OutboxRelaySettings settings;
    private final LinkedBlockingQueue<UUID> published = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean running = true;
    // Only the worker thread touches these.
    /** Ids deleted in vain so far, with how often. */
    private Map<UUID, Integer> notFoundYet = new HashMap<>();
    private boolean failing;
    private Connection connection;

    PublishedRowCleanup(OutboxRelaySettings settings) {
        this.settings = settings;
        this.worker = new Thread(this::run, settings.name() + "-outbox-cleanup");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues rows Kafka has acknowledged; returns at once. */
    void deleteLater(List<UUID> ids) {
        published.addAll(ids);
    }

    private void run() {
        while (running) {
            try {
                if (notFoundYet.isEmpty() && published.isEmpty()) {
                    // Idle: sleep until something is queued instead of waking every interval for nothing.
                    UUID first = published.take();
                    published.add(first);
                }
                TimeUnit.MILLISECONDS.sleep(INTERVAL.toMillis()); // lets a burst's acknowledgements gather
            } catch (InterruptedException e) {
                running = false; // close(): one last round below
            }
            deleteQueued();
        }
        closeConnection();
    }

    private void deleteQueued() {
        List<UUID> ids = new ArrayList<>(notFoundYet.keySet());
        published.drainTo(ids);
        if (ids.isEmpty()) {
            return;
        }
        Set<UUID> missing = new HashSet<>(ids);
        try {
            delete(ids).forEach(missing::remove);
            failing = false;
        } catch (SQLException e) {
            // Tried again next round, without counting it as an attempt. If this replica stops first, the rows
            // stay until a new slot's snapshot publishes them again (a duplicate consumers drop by ce_id).
            if (!failing) {
                LOG.warnf("outbox relay %s: could not delete %d published rows, retrying: %s", settings.name(),
                        ids.size(), e.getMessage());
            }
            failing = true;
            closeConnection();
            ids.forEach(id -> notFoundYet.putIfAbsent(id, 0));
            return;
        }
        Map<UUID, Integer> stillMissing = new HashMap<>();
        for (UUID id : missing) {
            int attempts = notFoundYet.getOrDefault(id, 0) + 1;
            if (attempts < ATTEMPTS) {
                stillMissing.put(id, attempts);
            }
        }
        notFoundYet = stillMissing;
    }

    private List<UUID> delete(List<UUID> ids) throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(settings.jdbcUrl(), settings.databaseUser(),
                    settings.databasePassword());
        }
        List<UUID> deleted = new ArrayList<>(ids.size());
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM outbox_event WHERE id = ANY(?) RETURNING id")) {
            delete.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = delete.executeQuery()) {
                while (rows.next()) {
                    deleted.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return deleted;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debugf("closing the cleanup connection: %s", e.getMessage());
            }
            connection = null;
        }
    }

    /** Deletes what is queued, once more, then stops. */
    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
