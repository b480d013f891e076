package com.gitlab.marketplace.deploy.benchmark;

import com.gitlab.marketplace.deploy.local.StackClient;
import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The database anchors of the API benchmark: what order-api asks of PostgreSQL, sent straight to the same
 * server over JDBC with server-side prepared statements (as {@code pgbench -M prepared} would), one connection
 * per client. The order transaction writes into copies of order-api's tables in a schema of their own, so no
 * outbox row of it reaches the relay.
 */
final class PostgresAnchors {

    /** order-api's status read (OrderStatusRepository.find). */
    private static final String POINT_SELECT = "SELECT order_id, partner_id, external_subscription_id, status, "
            + "subscription_number, zuora_subscription_created, salesforce_records_created, license_sent, failures, "
            + "retry_attempts, last_retry_at, created_at, updated_at FROM order_status "
            + "WHERE partner_id = ? AND external_subscription_id = ?";

    private final PostgresServer.Database database;

    PostgresAnchors(PostgresServer.Database database) {
        this.database = database;
    }

    LoadGenerator.Result pointSelects(String partnerId, String externalSubscriptionId, int clients,
            Duration duration) throws Exception {
        Map<Connection, PreparedStatement> statements = new ConcurrentHashMap<>();
        return LoadGenerator.closedLoop(database.jdbcUrl(), database.user(), database.password(),
                (connection, n) -> {
                    PreparedStatement select = statements.computeIfAbsent(connection, c -> prepare(c, POINT_SELECT));
                    select.setString(1, partnerId);
                    select.setString(2, externalSubscriptionId);
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next()) {
                            throw new IllegalStateException("the order to read is missing");
                        }
                    }
                }, clients, duration);
    }

    /** The rows of one accepted order (order, status, OrderPlaced outbox event) in one transaction. */
    LoadGenerator.Result orderTransactions(String partnerId, int clients, Duration duration) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password()); Statement ddl = c.createStatement()) {
            ddl.execute("DROP SCHEMA IF EXISTS benchmark CASCADE");
            ddl.execute("CREATE SCHEMA benchmark");
            for (String table : new String[] {"customer_order", "order_status", "outbox_event"}) {
                ddl.execute("CREATE TABLE benchmark." + table + " (LIKE public." + table + " INCLUDING ALL)");
            }
        }
        String payload = StackClient.JSON.writeValueAsString(StackClient.order("BENCH", "0018X00003TPartnr",
                "bench@acme.example"));
        Map<Connection, PreparedStatement[]> statements = new ConcurrentHashMap<>();
        return LoadGenerator.closedLoop(database.jdbcUrl(), database.user(), database.password(),
                (connection, n) -> {
                    PreparedStatement[] insert = statements.computeIfAbsent(connection, c -> new PreparedStatement[] {
                        prepare(c, "INSERT INTO benchmark.customer_order (order_id, partner_id, "
                                + "external_subscription_id, request_hash, placed_event, created_at) "
                                + "VALUES (?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (partner_id, external_subscription_id) "
                                + "DO NOTHING"),
                        prepare(c, "INSERT INTO benchmark.order_status (order_id, partner_id, "
                                + "external_subscription_id, status, created_at, updated_at) "
                                + "VALUES (?, ?, ?, 'Creating', ?, ?)"),
                        prepare(c, "INSERT INTO benchmark.outbox_event (id, aggregatetype, aggregateid, type, "
                                + "payload, created_at) VALUES (?, 'marketplace.order.events', ?, "
                                + "'com.gitlab.marketplace.order.placed', ?::jsonb, ?)")});
                    connection.setAutoCommit(false);
                    UUID orderId = UUID.randomUUID();
                    String externalId = "ANCHOR-" + orderId;
                    Timestamp now = Timestamp.from(Instant.now());
                    insert[0].setObject(1, orderId);
                    insert[0].setString(2, partnerId);
                    insert[0].setString(3, externalId);
                    insert[0].setBytes(4, new byte[32]);
                    insert[0].setString(5, payload);
                    insert[0].setTimestamp(6, now);
                    insert[0].executeUpdate();
                    insert[1].setObject(1, orderId);
                    insert[1].setString(2, partnerId);
                    insert[1].setString(3, externalId);
                    insert[1].setTimestamp(4, now);
                    insert[1].setTimestamp(5, now);
                    insert[1].executeUpdate();
                    insert[2].setObject(1, UUID.randomUUID());
                    insert[2].setString(2, orderId.toString());
                    insert[2].setString(3, payload);
                    insert[2].setTimestamp(4, now);
                    insert[2].executeUpdate();
                    connection.commit();
                }, clients, duration);
    }

    private static PreparedStatement prepare(Connection connection, String sql) {
        try {
            return connection.prepareStatement(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
