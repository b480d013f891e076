package com.gitlab.marketplace.deploy.benchmark;

import static com.gitlab.marketplace.deploy.benchmark.SchedulerLibrary.THREADS;
import static com.gitlab.marketplace.deploy.benchmark.Threads.startThread;
import static com.gitlab.marketplace.deploy.benchmark.WorkTable.createSchema;
import static com.gitlab.marketplace.deploy.benchmark.WorkTable.done;
import static com.gitlab.marketplace.deploy.benchmark.WorkTable.insertWork;
import static com.gitlab.marketplace.deploy.benchmark.WorkTable.lastDoneAt;
import static com.gitlab.marketplace.deploy.benchmark.WorkTable.startDelays;
import static com.gitlab.marketplace.deploy.benchmark.WorkTable.started;

import com.gitlab.marketplace.deploy.local.LocalStack;
import com.gitlab.marketplace.deploy.local.ProcessUsage;
import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

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
            List<SchedulerOutcome> outcomes = new ArrayList<>();
            for (String library : List.of("db-scheduler", "Quartz")) {
                outcomes.add(comparison.measure(library, steps));
            }
            SchedulerReport.write(root.resolve("deploy/benchmark/benchmark-results/scheduler-comparison.md"),
                    outcomes);
        } finally {
            postgres.stop();
        }
        System.exit(0);
    }

    private SchedulerOutcome measure(String library, int steps) throws Exception {
        PostgresServer.Database database = postgres.database(library.toLowerCase().replace("-", "_"));
        try (HikariDataSource dataSource = dataSource(database)) {
            createSchema(dataSource, library);
            say("%s: warm-up, 500 steps", library);
            try (SchedulerLibrary warm = SchedulerLibrary.open(library, dataSource, "warm-up", database)) {
                warm.start();
                burst(dataSource, warm, "warm-", 500);
            }
            try (SchedulerLibrary measured = SchedulerLibrary.open(library, dataSource, "measured", database)) {
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
                return new SchedulerOutcome(library, steps, perSecond, delays, cpu / (double) steps, idle,
                        takeOver);
            }
        }
    }

    /** Schedules {@code count} steps from {@link SchedulerLibrary#THREADS} producers and waits until every one is done. */
    private static void burst(DataSource dataSource, SchedulerLibrary library, String prefix, int count)
            throws Exception {
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
        String id = WorkTable.VICTIM + library;
        insertWork(dataSource, id);
        Process doomed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SchedulerComparison.class.getName(),
                "--doomed-worker", library, database.jdbcUrl())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (SchedulerLibrary client = SchedulerLibrary.open(library, dataSource, "survivor", database)) {
            return killAndTimeTakeOver(library, dataSource, id, doomed, client);
        } finally {
            // On any failure too: the doomed worker hangs for ever otherwise.
            doomed.destroyForcibly();
        }
    }

    private static double killAndTimeTakeOver(String library, DataSource dataSource, String id, Process doomed,
            SchedulerLibrary client) throws Exception {
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
        SchedulerLibrary worker = SchedulerLibrary.open(library, dataSource, "doomed", database);
        worker.start();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static PostgresServer.Database parse(String jdbcUrl) {
        // jdbc:postgresql://host:port/name
        String[] hostPortName = jdbcUrl.substring("jdbc:postgresql://".length()).split("[:/]");
        return new PostgresServer.Database(hostPortName[0], Integer.parseInt(hostPortName[1]), hostPortName[2],
                PostgresServer.USER, PostgresServer.PASSWORD);
    }

    private static HikariDataSource dataSource(PostgresServer.Database database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(THREADS * 2 + 4);
        return new HikariDataSource(config);
    }

    /** CPU used so far by this JVM and by PostgreSQL (all its processes), in ms. */
    private static long cpuMillis() {
        return ProcessUsage.cpuMillis(ProcessHandle.current()) + ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(p -> Math.max(0, ProcessUsage.cpuMillis(p))).sum();
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
