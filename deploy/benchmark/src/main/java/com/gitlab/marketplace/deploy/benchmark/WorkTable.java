package com.gitlab.marketplace.deploy.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * The scheduler comparison's {@code work} table: one row per step, which the step itself marks started and done
 * whichever library runs it, so both are measured by the same queries.
 */
final class WorkTable {

    /** How long the step's upstream call takes. */
    static final Duration UPSTREAM_CALL = Duration.ofMillis(10);
    /** Steps whose id starts so hang in the worker that is about to be killed. */
    static final String VICTIM = "victim-";

    private WorkTable() {
    }

    /** The step both libraries run: started, an upstream call, done. A victim hangs in the doomed worker. */
    static void work(DataSource dataSource, String id, String worker) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement start = connection.prepareStatement("UPDATE work SET started_at = "
                        + "coalesce(started_at, clock_timestamp()), runs = runs + 1 WHERE id = ?")) {
            start.setString(1, id);
            start.executeUpdate();
        }
        if (id.startsWith(VICTIM) && worker.equals("doomed")) {
            Thread.sleep(Long.MAX_VALUE);
        }
        Thread.sleep(UPSTREAM_CALL.toMillis());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement done = connection.prepareStatement(
                        "UPDATE work SET done_at = clock_timestamp() WHERE id = ?")) {
            done.setString(1, id);
            done.executeUpdate();
        }
    }

    /** The work table, and the library's own tables from the script each ships (ours: libs/durable-steps). */
    static void createSchema(DataSource dataSource, String library) throws SQLException, IOException {
        String script = library.equals("db-scheduler") ? "/db/steps/V1_5__durable_steps.sql"
                : "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";
        String ddl;
        try (InputStream in = WorkTable.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException(script + " is not on the class path");
            }
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE work (id text PRIMARY KEY, scheduled_at timestamptz NOT NULL, "
                    + "started_at timestamptz, done_at timestamptz, runs int NOT NULL DEFAULT 0)");
            statement.execute(ddl);
        }
    }

    static void insertWork(DataSource dataSource, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO work (id, scheduled_at) VALUES (?, clock_timestamp())")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
    }

    static int done(DataSource dataSource, String prefix) throws SQLException {
        return queryLong(dataSource, "SELECT count(*) FROM work WHERE done_at IS NOT NULL AND id LIKE ?",
                prefix + "%").intValue();
    }

    static boolean started(DataSource dataSource, String id) throws SQLException {
        return queryLong(dataSource, "SELECT count(*) FROM work WHERE started_at IS NOT NULL AND id = ?", id) > 0;
    }

    static long lastDoneAt(DataSource dataSource, String prefix) throws SQLException {
        return queryLong(dataSource, "SELECT (extract(epoch FROM max(done_at)) * 1000)::bigint FROM work "
                + "WHERE id LIKE ?", prefix + "%");
    }

    static Histogram startDelays(DataSource dataSource, String prefix) throws SQLException {
        Histogram delays = new Histogram(3_600_000L, 3);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT (extract(epoch FROM started_at - "
                        + "scheduled_at) * 1000)::bigint FROM work WHERE id LIKE ?")) {
            query.setString(1, prefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    delays.recordValue(Math.max(0, rows.getLong(1)));
                }
            }
        }
        return delays;
    }

    private static Long queryLong(DataSource dataSource, String sql, String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
