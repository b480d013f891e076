package com.gitlab.marketplace.deploy.benchmark;

import static com.gitlab.marketplace.deploy.benchmark.Threads.startThread;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.gitlab.marketplace.deploy.local.LocalStack;
import com.gitlab.marketplace.deploy.local.ProcessUsage;
import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The choice behind libs/durable-steps, measured: db-scheduler against Quartz (JDBC job store, clustered), both
 * on the same embedded PostgreSQL, in this one JVM with nothing else of the stack running (a component figure),
 * with the settings the services use (16 worker threads, a poll every second, a worker declared dead after
 * 4 × 5 s without a heartbeat or check-in). Each library runs the same work: a step that marks its row
 * started, waits 10 ms (an upstream call) and marks it done. Measured for each:
 * <ul>
 *   <li>a burst: 16 producers schedule 5,000 steps as fast as they can; steps done per second from the first
 *       schedule to the last completion, the delay from scheduling to start, and CPU (this JVM and PostgreSQL)
 *       per step;</li>
 *   <li>idle: CPU over 30 s with nothing to do (the polling);</li>
 *   <li>take-over: a worker process is killed ({@code SIGKILL}) in the middle of a step; how long until another
 *       worker has run that step to its end.</li>
 * </ul>
 * Writes {@code deploy/benchmark/benchmark-results/scheduler-comparison.md}.
 */
public final class SchedulerComparison {

    private static final int THREADS = 16;
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final int MISSED_HEARTBEATS = 4;
    private static final Duration UPSTREAM_CALL = Duration.ofMillis(10);
    /** Steps whose id starts so hang in the worker that is about to be killed. */
    private static final String VICTIM = "victim-";

    /** One library driven the same way as the other. */
    private interface Library extends AutoCloseable {

        /** Starts taking due steps on {@link #THREADS} workers. */
        void start() throws Exception;

        /** Makes step {@code id} due now (its own transaction). */
        void schedule(String id) throws Exception;

        @Override
        void close() throws Exception;
    }

    /** What one library measured. */
    record Outcome(String library, int steps, double stepsPerSecond, Histogram startDelayMillis,
            double cpuMillisPerStep, double idlePercentOfCore, double takeOverSeconds) {
    }

    private final PostgresServer postgres;

    private SchedulerComparison(PostgresServer postgres) {
        this.postgres = postgres;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--doomed-worker")) {
            doomedWorker(args[1], args[2]);
            return;
        }
        int steps = 5_000;
        for (String arg : args) {
            if (arg.startsWith("--steps=")) {
                steps = Integer.parseInt(arg.substring(8));
            } else if (arg.equals("--smoke")) {
                steps = 200;
            } else {
                System.err.println("usage: ./run-benchmark schedulers [--smoke] [--steps=5000]");
                System.exit(2);
            }
        }
        Path root = LocalStack.projectRoot();
        Path home = root.resolve(".local-stack/benchmark/scheduler-comparison");
        deleteRecursively(home);
        Files.createDirectories(home);
        PostgresServer postgres = PostgresServer.start(18890, home.resolve("postgres"));
        try {
            SchedulerComparison comparison = new SchedulerComparison(postgres);
            List<Outcome> outcomes = new ArrayList<>();
            for (String library : List.of("db-scheduler", "Quartz")) {
                outcomes.add(comparison.measure(library, steps));
            }
            write(root.resolve("deploy/benchmark/benchmark-results/scheduler-comparison.md"), outcomes);
        } finally {
            postgres.stop();
        }
        System.exit(0);
    }

    private Outcome measure(String library, int steps) throws Exception {
        PostgresServer.Database database = postgres.database(library.toLowerCase().replace("-", "_"));
        try (HikariDataSource dataSource = dataSource(database)) {
            createSchema(dataSource, library);
            say("%s: warm-up, 500 steps", library);
            try (Library warm = open(library, dataSource, "warm-up", database)) {
                warm.start();
                burst(dataSource, warm, "warm-", 500);
            }
            try (Library measured = open(library, dataSource, "measured", database)) {
                measured.start();
                say("%s: %d steps from %d producers", library, steps, THREADS);
                long cpuBefore = cpuMillis();
                long startedAt = System.currentTimeMillis();
                burst(dataSource, measured, "step-", steps);
                long cpu = cpuMillis() - cpuBefore;
                double perSecond = steps * 1000.0 / Math.max(1, lastDoneAt(dataSource, "step-") - startedAt);
                Histogram delays = startDelays(dataSource, "step-");
                say("  %.0f steps/s, start delay p50 %d ms p99 %d ms, %.2f ms CPU per step", perSecond,
                        delays.getValueAtPercentile(50), delays.getValueAtPercentile(99), cpu / (double) steps);
                TimeUnit.SECONDS.sleep(10);
                long idleBefore = cpuMillis();
                TimeUnit.SECONDS.sleep(30);
                double idle = (cpuMillis() - idleBefore) * 100.0 / 30_000;
                say("  idle: %.1f %% of a core", idle);
                measured.close();
                double takeOver = takeOver(library, dataSource, database);
                say("  a killed worker's step finished elsewhere after %.1f s", takeOver);
                return new Outcome(library, steps, perSecond, delays, cpu / (double) steps, idle, takeOver);
            }
        }
    }

    /** Schedules {@code count} steps from {@link #THREADS} producers and waits until every one is done. */
    private static void burst(DataSource dataSource, Library library, String prefix, int count) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Thread> producers = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (int p = 0; p < THREADS; p++) {
            producers.add(startThread("scheduler-comparison-producer", () -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    try {
                        String id = prefix + i;
                        insertWork(dataSource, id);
                        library.schedule(id);
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                        return;
                    }
                }
            }));
        }
        for (Thread producer : producers) {
            producer.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("scheduling failed", failures.get(0));
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (done(dataSource, prefix) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(done(dataSource, prefix) + " of " + count + " steps done in 10 min");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /**
     * A worker process takes a step and hangs in it; it is killed; this process's worker must notice the dead
     * worker and run the step again. Seconds from the kill to the step's end.
     */
    private double takeOver(String library, DataSource dataSource, PostgresServer.Database database)
            throws Exception {
        String id = VICTIM + library;
        insertWork(dataSource, id);
        Process doomed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SchedulerComparison.class.getName(),
                "--doomed-worker", library, database.jdbcUrl())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (Library client = open(library, dataSource, "survivor", database)) {
            return killAndTimeTakeOver(library, dataSource, id, doomed, client);
        } finally {
            // On any failure too: the doomed worker hangs for ever otherwise.
            doomed.destroyForcibly();
        }
    }

    private static double killAndTimeTakeOver(String library, DataSource dataSource, String id, Process doomed,
            Library client) throws Exception {
        // Scheduled before any worker of this process runs: only the doomed worker can take it.
        client.schedule(id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!started(dataSource, id)) {
            if (System.nanoTime() > deadline || !doomed.isAlive()) {
                throw new IllegalStateException("the doomed " + library + " worker never took " + id);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        doomed.destroyForcibly();
        doomed.waitFor();
        long killedAt = System.currentTimeMillis();
        client.start();
        deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (done(dataSource, id) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(library + " did not run a dead worker's step within 3 min");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return (lastDoneAt(dataSource, id) - killedAt) / 1000.0;
    }

    /** The process {@link #takeOver} kills: takes steps, and hangs in any victim step it takes. */
    private static void doomedWorker(String library, String jdbcUrl) throws Exception {
        PostgresServer.Database database = parse(jdbcUrl);
        HikariDataSource dataSource = dataSource(database);
        Library worker = open(library, dataSource, "doomed", database);
        worker.start();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static PostgresServer.Database parse(String jdbcUrl) {
        // jdbc:postgresql://host:port/name
        String[] hostPortName = jdbcUrl.substring("jdbc:postgresql://".length()).split("[:/]");
        return new PostgresServer.Database(hostPortName[0], Integer.parseInt(hostPortName[1]), hostPortName[2],
                PostgresServer.USER, PostgresServer.PASSWORD);
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

    private static Library open(String library, DataSource dataSource, String worker,
            PostgresServer.Database database) throws Exception {
        return library.equals("db-scheduler") ? new DbScheduler(dataSource, worker)
                : new QuartzScheduler(dataSource, worker, database);
    }

    /** db-scheduler as libs/durable-steps runs it: lock-and-fetch polling, one task per step kind. */
    private static final class DbScheduler implements Library {

        private final OneTimeTask<Void> task;
        private final Scheduler scheduler;

        DbScheduler(DataSource dataSource, String worker) {
            this.task = Tasks.oneTime("bench-step").execute((instance, context) -> {
                try {
                    work(dataSource, instance.getId(), worker);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            this.scheduler = Scheduler.create(dataSource, task)
                    .schedulerName(new SchedulerName.Fixed(worker))
                    .threads(THREADS)
                    .pollingInterval(POLL)
                    .pollUsingLockAndFetch(0.5, 1.0)
                    .heartbeatInterval(HEARTBEAT)
                    .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                    .build();
        }

        @Override
        public void start() {
            scheduler.start();
        }

        @Override
        public void schedule(String id) {
            scheduler.scheduleIfNotExists(task.instance(id), Instant.now());
            // What libs/durable-steps does after committing a due step: look now, not at the next poll.
            scheduler.triggerCheckForDueExecutions();
        }

        @Override
        public void close() {
            scheduler.stop();
        }
    }

    /** Quartz with its JDBC job store, clustered (several replicas share the tables), jobs that recover. */
    private static final class QuartzScheduler implements Library {

        private static final AtomicInteger INSTANCES = new AtomicInteger();
        private final org.quartz.Scheduler scheduler;

        QuartzScheduler(DataSource dataSource, String worker, PostgresServer.Database database)
                throws SchedulerException {
            Properties properties = new Properties();
            properties.setProperty("org.quartz.scheduler.instanceName", "bench");
            properties.setProperty("org.quartz.scheduler.instanceId", worker + "-" + INSTANCES.incrementAndGet());
            properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
            properties.setProperty("org.quartz.scheduler.idleWaitTime", String.valueOf(POLL.toMillis()));
            properties.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", String.valueOf(THREADS));
            properties.setProperty("org.quartz.threadPool.threadCount", String.valueOf(THREADS));
            properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
            properties.setProperty("org.quartz.jobStore.driverDelegateClass",
                    "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
            properties.setProperty("org.quartz.jobStore.isClustered", "true");
            properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
            properties.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                    String.valueOf(HEARTBEAT.toMillis() * MISSED_HEARTBEATS / 2));
            properties.setProperty("org.quartz.jobStore.dataSource", "bench");
            properties.setProperty("org.quartz.dataSource.bench.provider", "hikaricp");
            properties.setProperty("org.quartz.dataSource.bench.driver", "org.postgresql.Driver");
            properties.setProperty("org.quartz.dataSource.bench.URL", database.jdbcUrl());
            properties.setProperty("org.quartz.dataSource.bench.user", database.user());
            properties.setProperty("org.quartz.dataSource.bench.password", database.password());
            properties.setProperty("org.quartz.dataSource.bench.maxConnections", String.valueOf(THREADS + 4));
            StdSchedulerFactory factory = new StdSchedulerFactory(properties);
            this.scheduler = factory.getScheduler();
            scheduler.getContext().put("dataSource", dataSource);
            scheduler.getContext().put("worker", worker);
        }

        @Override
        public void start() throws SchedulerException {
            scheduler.start();
        }

        @Override
        public void schedule(String id) throws SchedulerException {
            scheduler.scheduleJob(JobBuilder.newJob(QuartzStep.class).withIdentity(id).requestRecovery(true).build(),
                    TriggerBuilder.newTrigger().withIdentity(id).startNow().build());
        }

        @Override
        public void close() throws SchedulerException {
            scheduler.shutdown(true);
        }
    }

    /** The step as a Quartz job. */
    public static final class QuartzStep implements Job {

        @Override
        public void execute(JobExecutionContext context) {
            try {
                var schedulerContext = context.getScheduler().getContext();
                work((DataSource) schedulerContext.get("dataSource"), context.getJobDetail().getKey().getName(),
                        (String) schedulerContext.get("worker"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static HikariDataSource dataSource(PostgresServer.Database database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(THREADS * 2 + 4);
        return new HikariDataSource(config);
    }

    /** The work table, and the library's own tables from the script each ships (ours: libs/durable-steps). */
    private static void createSchema(DataSource dataSource, String library) throws SQLException, IOException {
        String script = library.equals("db-scheduler") ? "/db/steps/V1_5__durable_steps.sql"
                : "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";
        String ddl;
        try (InputStream in = SchedulerComparison.class.getResourceAsStream(script)) {
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

    private static void insertWork(DataSource dataSource, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO work (id, scheduled_at) VALUES (?, clock_timestamp())")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
    }

    private static int done(DataSource dataSource, String prefix) throws SQLException {
        return queryLong(dataSource, "SELECT count(*) FROM work WHERE done_at IS NOT NULL AND id LIKE ?",
                prefix + "%").intValue();
    }

    private static boolean started(DataSource dataSource, String id) throws SQLException {
        return queryLong(dataSource, "SELECT count(*) FROM work WHERE started_at IS NOT NULL AND id = ?", id) > 0;
    }

    private static long lastDoneAt(DataSource dataSource, String prefix) throws SQLException {
        return queryLong(dataSource, "SELECT (extract(epoch FROM max(done_at)) * 1000)::bigint FROM work "
                + "WHERE id LIKE ?", prefix + "%");
    }

    private static Histogram startDelays(DataSource dataSource, String prefix) throws SQLException {
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

    /** CPU used so far by this JVM and by PostgreSQL (all its processes), in ms. */
    private static long cpuMillis() {
        return ProcessUsage.cpuMillis(ProcessHandle.current()) + ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(p -> Math.max(0, ProcessUsage.cpuMillis(p))).sum();
    }

    private static void write(Path report, List<Outcome> outcomes) throws IOException {
        Files.createDirectories(report.getParent());
        StringBuilder md = new StringBuilder("# Durable steps: db-scheduler against Quartz\n\n");
        md.append("Run ").append(DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC)))
                .append(" with `./run-benchmark schedulers` on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.runtime.version"))
                .append(". A component figure: one JVM and an embedded PostgreSQL, nothing else of the stack ")
                .append("running. Both with ").append(THREADS).append(" worker threads, a poll every ")
                .append(POLL.toSeconds()).append(" s, a worker dead after ").append(MISSED_HEARTBEATS).append(" × ")
                .append(HEARTBEAT.toSeconds()).append(" s without a heartbeat (db-scheduler) or a cluster check-in ")
                .append("every ").append(HEARTBEAT.toSeconds() * MISSED_HEARTBEATS / 2).append(" s (Quartz, ")
                .append("which declares an instance dead 7.5 s after a missed one); each step marks its row ")
                .append("started, waits ").append(UPSTREAM_CALL.toMillis()).append(" ms and marks it done. ")
                .append("CPU is this JVM's and PostgreSQL's.\n\n");
        md.append("| library | steps | steps done/s (first schedule → last done) | start delay p50 ms | p99 | max |")
                .append(" CPU per step (ms) | idle CPU (% of a core) | killed worker's step done elsewhere after |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            md.append(String.format("| %s | %d | %.0f | %d | %d | %d | %.2f | %.1f | %.1f s |%n", o.library(),
                    o.steps(), o.stepsPerSecond(), o.startDelayMillis().getValueAtPercentile(50),
                    o.startDelayMillis().getValueAtPercentile(99), o.startDelayMillis().getMaxValue(),
                    o.cpuMillisPerStep(), o.idlePercentOfCore(), o.takeOverSeconds()));
        }
        Outcome ours = outcomes.get(0);
        for (Outcome other : outcomes.subList(1, outcomes.size())) {
            md.append(String.format("%nRatios, %s to %s: throughput %.2f×, CPU per step %.2f×, p99 start delay "
                    + "%.2f×.%n", ours.library(), other.library(), ours.stepsPerSecond() / other.stepsPerSecond(),
                    ours.cpuMillisPerStep() / other.cpuMillisPerStep(),
                    ours.startDelayMillis().getValueAtPercentile(99)
                            / (double) Math.max(1, other.startDelayMillis().getValueAtPercentile(99))));
        }
        Files.writeString(report, md.toString());
        System.out.println("report: " + report);
    }

    private static void say(String format, Object... args) {
        System.out.printf("[schedulers] " + format + "%n", args);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
