package com.gitlab.marketplace.outbox.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Elects the one replica that runs the relay (a replication slot admits one reader): a PostgreSQL session
 * advisory lock, held for as long as the session that took it lives. The session is opened with keepalives and
 * a TCP user timeout ({@link OutboxRelaySettings#leaderSessionUrl()}), so a leader whose host dies silently
 * loses the lock within seconds, not hours.
 */
final class LeaderLock {

    private final OutboxRelaySettings settings;

    LeaderLock(OutboxRelaySettings settings) {
        this.settings = settings;
    }

    /** A session to compete with; whoever takes the lock on it leads until it closes. */
    Connection openSession() throws SQLException {
        return DriverManager.getConnection(settings.leaderSessionUrl(), settings.databaseUser(),
                settings.databasePassword());
    }

    /** True when this session now holds the lock (or held it already); false when another session does. */
    boolean tryTake(Connection session) throws SQLException {
        try (PreparedStatement lock = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, settings.leaderLockKey());
            try (ResultSet result = lock.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
