package com.gitlab.marketplace.deploy.benchmark;

import com.gitlab.marketplace.deploy.local.LocalStack;
import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;
import org.hibernate.cfg.Configuration;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.provider.ReactiveServiceRegistryBuilder;

/**
 * Why order-api talks to PostgreSQL through the Vert.x reactive SQL client and not Hibernate Reactive with Panache,
 * measured on a read shaped like its hottest: the status of one order by partner and external id (every GET and
 * every poll). The same statement four ways, one after the other, against one embedded PostgreSQL, in this JVM
 * with nothing else of the stack running (a component figure):
 * <ul>
 *   <li><b>JDBC</b>, server-side prepared, one connection per client thread: the anchor, as in the API benchmark's
 *       {@link PostgresAnchors};</li>
 *   <li><b>Vert.x</b>: a prepared query on a pool of 20, each row read into a record, as order-api does;</li>
 *   <li><b>Hibernate Reactive</b>, the engine under Panache: an entity mapped on the same table, the query in a
 *       session of its own per read, on a pool of 20, as {@code find("...").firstResult()} runs it.</li>
 * </ul>
 * Panache itself needs Quarkus's build-time enhancement, which a main method cannot have; it adds a method call on
 * top of the session, not a round trip. Prepared statements are not cached in either reactive client (Quarkus's
 * default, which order-api keeps); a fourth way shows the Vert.x client with them cached, as JDBC has them. Each way
 * runs twice, interleaved, after a warm-up of each.
 */
public final class PersistenceComparison {

    /**
     * Shaped like order-api's status read (OrderStatusRepository.find): the same WHERE on the same unique key, 7 of
     * its 18 columns (its jsonb ones left out), so each way maps the same small row.
     */
    private static final String SELECT = "SELECT order_id, partner_id, external_subscription_id, status, "
            + "subscription_number, created_at, updated_at FROM order_status "
            + "WHERE partner_id = $1 AND external_subscription_id = $2";
    private static final String HQL = "from OrderStatusEntity where partnerId = :partner "
            + "and externalSubscriptionId = :externalId";
    private static final int ORDERS = 10_000;
    private static final int IN_FLIGHT = 16;
    private static final int POOL = 20;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** One order's status as order-api reads it. */
    record OrderStatus(UUID orderId, String partnerId, String externalSubscriptionId, String status,
            String subscriptionNumber, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 15);
        Path results = LocalStack.projectRoot().resolve("deploy/benchmark/benchmark-results");
        Files.createDirectories(results);
        PostgresServer postgres = PostgresServer.start(0, null);
        Vertx vertx = Vertx.vertx();
        try {
            PostgresServer.Database database = postgres.database("persistence_comparison");
            createOrders(database);
            Pool pool = vertxPool(vertx, database, false);
            Pool cachingPool = vertxPool(vertx, database, true);
            Mutiny.SessionFactory hibernate = hibernate(database);
            Map<String, Supplier<LoadGenerator.Result>> ways = new LinkedHashMap<>();
            ways.put("JDBC, prepared (anchor)", () -> unchecked(() -> viaJdbc(database, duration)));
            ways.put("Vert.x reactive client", () -> asyncLoop(() -> viaVertx(pool, sequence()), duration));
            ways.put("Hibernate Reactive (under Panache)", () -> asyncLoop(() -> viaHibernate(hibernate,
                    sequence()), duration));
            ways.put("Vert.x, prepared statements cached", () -> asyncLoop(() -> viaVertx(cachingPool, sequence()),
                    duration));
            ways.values().forEach(way -> way.get()); // warm-up: JIT, pools, the server's plan cache
            Map<String, List<LoadGenerator.Result>> runs = new LinkedHashMap<>();
            for (int round = 0; round < 2; round++) {
                ways.forEach((name, way) -> runs.computeIfAbsent(name, n -> new ArrayList<>()).add(way.get()));
            }
            String report = report(runs, duration);
            Files.writeString(results.resolve("persistence-comparison.md"), report);
            System.out.println(report);
            hibernate.close();
            pool.close().toCompletionStage().toCompletableFuture().join();
            cachingPool.close().toCompletionStage().toCompletableFuture().join();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            postgres.stop();
        }
        System.exit(0); // as the other benchmarks: no client library's thread keeps ./run-benchmark waiting
    }

    /** A different order at every read, as many partners polling do. */
    private static int sequence() {
        return (int) (SEQUENCE.incrementAndGet() % ORDERS);
    }

    /** {@code IN_FLIGHT} threads, each with its own connection and its statement prepared on the server. */
    private static LoadGenerator.Result viaJdbc(PostgresServer.Database database, Duration duration) throws Exception {
        Map<Connection, PreparedStatement> statements = new ConcurrentHashMap<>();
        return LoadGenerator.closedLoop(database.jdbcUrl(), database.user(), database.password(), (connection, i) -> {
            PreparedStatement select = statements.get(connection);
            if (select == null) {
                select = connection.prepareStatement(SELECT.replace("$1", "?").replace("$2", "?"));
                statements.put(connection, select);
            }
            int n = i % ORDERS;
            select.setString(1, "partner-" + n % 50);
            select.setString(2, "EXT-" + n);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                new OrderStatus(row.getObject("order_id", UUID.class), row.getString("partner_id"),
                        row.getString("external_subscription_id"), row.getString("status"),
                        row.getString("subscription_number"), row.getObject("created_at", OffsetDateTime.class),
                        row.getObject("updated_at", OffsetDateTime.class));
            }
        }, IN_FLIGHT, duration);
    }

    private static Uni<OrderStatus> viaVertx(Pool pool, int n) {
        return Uni.createFrom().completionStage(() -> pool.preparedQuery(SELECT)
                .execute(Tuple.of("partner-" + n % 50, "EXT-" + n)).toCompletionStage())
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new OrderStatus(row.getUUID("order_id"), row.getString("partner_id"),
                            row.getString("external_subscription_id"), row.getString("status"),
                            row.getString("subscription_number"), row.getOffsetDateTime("created_at"),
                            row.getOffsetDateTime("updated_at"));
                });
    }

    private static Uni<OrderStatusEntity> viaHibernate(Mutiny.SessionFactory hibernate, int n) {
        return hibernate.withSession(session -> session.createSelectionQuery(HQL, OrderStatusEntity.class)
                .setParameter("partner", "partner-" + n % 50).setParameter("externalId", "EXT-" + n)
                .getSingleResult());
    }

    /**
     * A pool of {@code POOL}; {@code cacheStatements} keeps each connection's statements prepared on the server
     * (Quarkus's {@code quarkus.datasource.reactive.cache-prepared-statements}), instead of parsing at every read.
     */
    private static Pool vertxPool(Vertx vertx, PostgresServer.Database database, boolean cacheStatements) {
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(POOL)).connectingTo(new PgConnectOptions()
                .setHost(database.host()).setPort(database.port()).setDatabase(database.name())
                .setUser(database.user()).setPassword(database.password()).setCachePreparedStatements(cacheStatements))
                .using(vertx).build();
    }

    private static Mutiny.SessionFactory hibernate(PostgresServer.Database database) {
        Configuration configuration = new Configuration()
                .setProperty("jakarta.persistence.jdbc.url", database.jdbcUrl())
                .setProperty("jakarta.persistence.jdbc.user", database.user())
                .setProperty("jakarta.persistence.jdbc.password", database.password())
                .setProperty("hibernate.connection.pool_size", String.valueOf(POOL))
                .setProperty("hibernate.vertx.prepared_statement_cache.max_size", "0")
                .addAnnotatedClass(OrderStatusEntity.class);
        return configuration.buildSessionFactory(new ReactiveServiceRegistryBuilder()
                .applySettings(configuration.getProperties()).build()).unwrap(Mutiny.SessionFactory.class);
    }

    /** {@code IN_FLIGHT} reads at a time, each started when one ends, for {@code duration}. */
    private static LoadGenerator.Result asyncLoop(Supplier<Uni<?>> read, Duration duration) {
        Recorder latencies = new Recorder(3);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch chains = new CountDownLatch(IN_FLIGHT);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int i = 0; i < IN_FLIGHT; i++) {
            next(read, end, latencies, completed, failed, chains);
        }
        try {
            chains.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new LoadGenerator.Result(completed.get(), failed.get(), Duration.ofNanos(System.nanoTime() - start),
                latencies.getIntervalHistogram());
    }

    private static void next(Supplier<Uni<?>> read, long end, Recorder latencies, AtomicLong completed,
            AtomicLong failed, CountDownLatch chains) {
        if (System.nanoTime() >= end) {
            chains.countDown();
            return;
        }
        long sent = System.nanoTime();
        read.get().subscribe().with(item -> {
            completed.incrementAndGet();
            latencies.recordValue((System.nanoTime() - sent) / 1000);
            next(read, end, latencies, completed, failed, chains);
        }, failure -> {
            failed.incrementAndGet();
            latencies.recordValue((System.nanoTime() - sent) / 1000);
            next(read, end, latencies, completed, failed, chains);
        });
    }

    private static void createOrders(PostgresServer.Database database) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                Statement ddl = c.createStatement()) {
            // The read's columns as order-api declares them, with its unique key (V1__order_api.sql).
            ddl.execute("DROP TABLE IF EXISTS order_status");
            ddl.execute("CREATE TABLE order_status (order_id uuid PRIMARY KEY, partner_id text NOT NULL, "
                    + "external_subscription_id text NOT NULL, status text NOT NULL, subscription_number text, "
                    + "created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, "
                    + "UNIQUE (partner_id, external_subscription_id))");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO order_status VALUES (?, ?, ?, "
                    + "'Provisioned', ?, now(), now())")) {
                for (int n = 0; n < ORDERS; n++) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, "partner-" + n % 50);
                    insert.setString(3, "EXT-" + n);
                    insert.setString(4, "A-S" + (10_000_000 + n));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            ddl.execute("ANALYZE order_status");
        }
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                ResultSet count = c.createStatement().executeQuery("SELECT count(*) FROM order_status")) {
            count.next();
            if (count.getInt(1) != ORDERS) {
                throw new IllegalStateException("expected " + ORDERS + " orders, found " + count.getInt(1));
            }
        }
    }

    private static String report(Map<String, List<LoadGenerator.Result>> runs, Duration duration) {
        StringBuilder md = new StringBuilder("# order-api's status read: Vert.x reactive client against Hibernate "
                + "Reactive\n\n");
        md.append(String.format(Locale.ROOT, "`./run-benchmark persistence`: the same SELECT by partner and external "
                + "id over %,d orders, %d reads in flight, %d s per run, two runs each, interleaved, after a warm-up. "
                + "One embedded PostgreSQL, this JVM only (%d cores, nothing else of the stack running): a component "
                + "figure.%n%n", ORDERS, IN_FLIGHT, duration.toSeconds(),
                Runtime.getRuntime().availableProcessors()));
        md.append("| way | reads/s (runs) | ratio to JDBC | p50 ms | p99 ms | failed |\n|---|---|---|---|---|---|\n");
        double anchor = best(runs.values().iterator().next());
        runs.forEach((name, results) -> {
            LoadGenerator.Result last = results.get(results.size() - 1);
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %d |%n", name,
                    String.join(" / ", results.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.perSecond()))
                            .toList()), best(results) / anchor,
                    last.percentileMillis(50), last.percentileMillis(99),
                    results.stream().mapToLong(LoadGenerator.Result::failed).sum()));
        });
        return md.toString();
    }

    private static double best(List<LoadGenerator.Result> results) {
        return results.stream().mapToDouble(LoadGenerator.Result::perSecond).max().orElse(0);
    }

    private interface Measurement {
        LoadGenerator.Result run() throws Exception;
    }

    private static LoadGenerator.Result unchecked(Measurement measurement) {
        try {
            return measurement.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private PersistenceComparison() {
    }
}
