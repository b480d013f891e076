package com.gitlab.marketplace.durable.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The engine over a real PostgreSQL: steps recorded in a transaction run once, retry, end, and are taken over. */
class StepEngineTests {

    private static PostgresServer.Database database;
    private static PGSimpleDataSource dataSource;
    private static Vertx vertx;
    private static PgPool pool;
    private static StepStore store;

    private final List<StepEngine> engines = new ArrayList<>();

    @BeforeAll
    static void startDatabase() throws Exception {
        database = PostgresServer.shared().database("durable_steps_test");
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.jdbcUrl());
        dataSource.setUser(database.user());
        dataSource.setPassword(database.password());
        String ddl = new String(StepEngineTests.class.getResourceAsStream("/db/steps/V1_5__durable_steps.sql")
                .readAllBytes(), StandardCharsets.UTF_8);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS step, step_try, scheduled_tasks, incident");
            s.execute(ddl);
            s.execute("CREATE TABLE incident (kind text, subject text, error text)");
        }
        vertx = Vertx.vertx();
        pool = PgPool.pool(vertx, new PgConnectOptions().setHost(database.host()).setPort(database.port())
                .setDatabase(database.name()).setUser(database.user()).setPassword(database.password()),
                new PoolOptions().setMaxSize(8));
        store = new StepStore(pool);
        // Mutiny's context propagation sets itself up on first use; not from two threads at once (as Quarkus does).
        pool.query("SELECT 1").execute().await().indefinitely();
    }

    @AfterAll
    static void stopClients() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }

    @AfterEach
    void stopEngines() {
        engines.forEach(StepEngine::close);
    }

    @Test
    void aStepRecordedTwiceRunsOnceAndIsDone() {
        Handler handler = new Handler(step -> StepResult.done());
        StepEngine engine = engine(handler, 4);
        UUID order = UUID.randomUUID();

        assertThat(record(handler.kind, order, Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(record(handler.kind, order, Duration.ofMinutes(1))).as("the same step again").isZero();
        engine.wake();

        await().atMost(Duration.ofSeconds(10)).until(() -> state(handler.kind, order) == Step.State.DONE);
        sleep(Duration.ofMillis(500));
        assertThat(handler.runs(order)).isEqualTo(1);
        assertThat(tries(handler.kind, order)).containsExactly("done");
        assertThat(queued(handler.kind, order)).as("no execution left in the queue").isZero();
    }

    @Test
    void aFailingStepIsRetriedWithItsScheduleStoredUntilItSucceeds() {
        Handler handler = new Handler(step -> {
            if (step.tries() < 2) {
                throw new IllegalStateException("upstream answered 503");
            }
            return StepResult.done();
        });
        StepEngine engine = engine(handler, 4);
        UUID order = UUID.randomUUID();
        record(handler.kind, order, Duration.ofMinutes(1));
        engine.wake();

        await().atMost(Duration.ofSeconds(15)).until(() -> state(handler.kind, order) == Step.State.DONE);
        assertThat(tries(handler.kind, order)).containsExactly("error", "error", "done");
        assertThat(handler.runs(order)).isEqualTo(3);
        assertThat(find(handler.kind, order).lastError()).isNull();
    }

    @Test
    void aStepStillFailingAtItsDeadlineIsStuckWithItsIncidentRecordedAndTriedNoMore() {
        Handler handler = new Handler(step -> {
            throw new IllegalStateException("upstream timed out");
        });
        StepEngine engine = engine(handler, 4);
        UUID order = UUID.randomUUID();
        record(handler.kind, order, Duration.ofSeconds(2));
        engine.wake();

        await().atMost(Duration.ofSeconds(15)).until(() -> state(handler.kind, order) == Step.State.STUCK);
        int runs = handler.runs(order);
        sleep(Duration.ofSeconds(2));
        assertThat(handler.runs(order)).as("no try after the deadline").isEqualTo(runs);
        assertThat(find(handler.kind, order).lastError()).isEqualTo("upstream timed out");
        assertThat(incidents(handler.kind, order)).containsExactly("upstream timed out");
        assertThat(queued(handler.kind, order)).isZero();
    }

    @Test
    void aRetryAfterFromTheUpstreamIsWaitedOut() {
        Handler handler = new Handler(step -> {
            if (step.tries() == 0) {
                throw new RateLimited(Duration.ofSeconds(3));
            }
            return StepResult.done();
        });
        StepEngine engine = engine(handler, 4);
        UUID order = UUID.randomUUID();
        long begun = System.nanoTime();
        record(handler.kind, order, Duration.ofMinutes(1));
        engine.wake();

        await().atMost(Duration.ofSeconds(15)).until(() -> state(handler.kind, order) == Step.State.DONE);
        // The engine's own first delay is 100 ms here: only Retry-After explains the wait.
        assertThat(Duration.ofNanos(System.nanoTime() - begun)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aFailedStepWaitsForAnOperatorAndRunsAgainWhenReopened() {
        AtomicInteger refusals = new AtomicInteger(1);
        Handler handler = new Handler(step -> refusals.getAndDecrement() > 0 ? StepResult.failed("refused: bad value")
                : StepResult.done());
        StepEngine engine = engine(handler, 4);
        UUID order = UUID.randomUUID();
        record(handler.kind, order, Duration.ofMinutes(1));
        engine.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> state(handler.kind, order) == Step.State.FAILED);
        sleep(Duration.ofSeconds(1));
        assertThat(handler.runs(order)).isEqualTo(1);

        Instant now = Instant.now();
        assertThat(pool.withTransaction(tx -> store.reopen(tx, handler.kind, order.toString(), 1, now,
                now.plus(Duration.ofMinutes(1)), now)).await().indefinitely()).isTrue();
        engine.wake();

        await().atMost(Duration.ofSeconds(10)).until(() -> state(handler.kind, order) == Step.State.DONE);
        assertThat(find(handler.kind, order).attempt()).isEqualTo(1);
        assertThat(tries(handler.kind, order)).containsExactly("failed", "done");
    }

    @Test
    void aStepWhoseWorkerDiedIsTakenOverByAnother() throws SQLException {
        Handler handler = new Handler(step -> StepResult.done());
        UUID order = UUID.randomUUID();
        record(handler.kind, order, Duration.ofMinutes(1));
        // What a worker that died mid-try leaves: the execution picked, its heartbeat stopped long ago.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE scheduled_tasks SET picked = true, picked_by = 'dead-worker', "
                    + "last_heartbeat = now() - interval '1 hour', version = version + 1 WHERE task_name = '"
                    + handler.kind + "'");
        }
        engine(handler, 4);

        await().atMost(Duration.ofSeconds(20)).until(() -> state(handler.kind, order) == Step.State.DONE);
        assertThat(handler.runs(order)).isEqualTo(1);
    }

    @Test
    void noMoreStepsRunAtOnceThanTheEngineHasWorkers() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Handler handler = new Handler(step -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(Duration.ofMillis(300));
            running.decrementAndGet();
            return StepResult.done();
        });
        StepEngine engine = engine(handler, 2);
        List<UUID> orders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            orders.add(UUID.randomUUID());
            record(handler.kind, orders.get(i), Duration.ofMinutes(1));
        }
        engine.wake();

        await().atMost(Duration.ofSeconds(20)).until(() -> orders.stream()
                .allMatch(order -> state(handler.kind, order) == Step.State.DONE));
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void aStepEndedFromOutsideWhileWaitingIsNotRunAgain() {
        Handler handler = new Handler(step -> StepResult.retryIn(Duration.ofSeconds(1), "not active yet"));
        StepEngine engine = engine(handler, 4);
        UUID order = UUID.randomUUID();
        record(handler.kind, order, Duration.ofMinutes(1));
        engine.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.runs(order) >= 1);

        pool.withTransaction(tx -> store.complete(tx, handler.kind, order.toString(), Instant.now()))
                .await().indefinitely();
        int runs = handler.runs(order);
        sleep(Duration.ofMillis(2500));

        assertThat(state(handler.kind, order)).isEqualTo(Step.State.DONE);
        assertThat(handler.runs(order)).isLessThanOrEqualTo(runs + 1); // a try already under way may finish
    }

    @Test
    void aStepMadeDueAgainWhileItRunsRunsOnceMoreEvenThoughThatTrySucceeded() {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        Handler handler = new Handler(step -> {
            if (runs.incrementAndGet() == 1) {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return StepResult.done();
        });
        StepEngine engine = engine(handler, 4);
        UUID order = UUID.randomUUID();
        record(handler.kind, order, Duration.ofMinutes(1));
        engine.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> running.getCount() == 0);

        Instant now = Instant.now();
        pool.withTransaction(tx -> store.runAgain(tx, NewStep.forOrder(handler.kind, order, 0, null, now,
                now.plus(Duration.ofMinutes(1))), now)).await().indefinitely();
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> state(handler.kind, order) == Step.State.DONE);
        // And once done, running it again works the same way.
        pool.withTransaction(tx -> store.runAgain(tx, NewStep.forOrder(handler.kind, order, 0, null, Instant.now(),
                Instant.now().plus(Duration.ofMinutes(1))), Instant.now())).await().indefinitely();
        engine.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 3);
    }

    @Test
    void anOperatorRedriveRunsTheOrdersStuckAndWaitingStepsNowAndLeavesDoneAndRefusedOnesAlone() {
        AtomicInteger upstreamDown = new AtomicInteger(1);
        Handler stuckOne = new Handler(step -> {
            if (upstreamDown.get() > 0) {
                throw new IllegalStateException("upstream timed out");
            }
            return StepResult.done();
        });
        Handler waiting = new Handler(step -> StepResult.done());
        Handler refused = new Handler(step -> StepResult.failed("refused: bad value"));
        Handler finished = new Handler(step -> StepResult.done());
        StepEngine engine = engine(List.of(stuckOne, waiting, refused, finished), 4);
        UUID order = UUID.randomUUID();
        UUID otherOrder = UUID.randomUUID();
        Instant now = Instant.now();
        pool.withTransaction(tx -> store.record(tx, List.of(
                NewStep.forOrder(stuckOne.kind, order, 0, null, now, now.plusSeconds(2)),
                NewStep.forOrder(stuckOne.kind, otherOrder, 0, null, now, now.plusSeconds(2)),
                // waits an hour for something from outside (a callout), as the reconciliation step does
                new NewStep(waiting.kind, order.toString(), order, 0, null, now.plus(Duration.ofHours(1)),
                        now.plus(Duration.ofHours(2))),
                NewStep.forOrder(refused.kind, order, 0, null, now, now.plusSeconds(60)),
                NewStep.forOrder(finished.kind, order, 0, null, now, now.plusSeconds(60))), now))
                .await().indefinitely();
        engine.wake();
        await().atMost(Duration.ofSeconds(15)).until(() -> state(stuckOne.kind, order) == Step.State.STUCK
                && state(stuckOne.kind, otherOrder) == Step.State.STUCK && state(refused.kind, order) == Step.State.FAILED
                && state(finished.kind, order) == Step.State.DONE);
        assertThat(waiting.runs(order)).as("not due for an hour").isZero();

        upstreamDown.set(0);
        List<Step> redriven = pool.withTransaction(tx -> store.redrive(tx, order,
                kind -> Duration.ofMinutes(1), Instant.now())).await().indefinitely();
        engine.wake();

        assertThat(redriven).extracting(Step::kind).containsExactlyInAnyOrder(stuckOne.kind, waiting.kind);
        await().atMost(Duration.ofSeconds(10)).until(() -> state(stuckOne.kind, order) == Step.State.DONE
                && state(waiting.kind, order) == Step.State.DONE);
        assertThat(find(stuckOne.kind, order).attempt()).as("the same attempt: same idempotency keys").isZero();
        sleep(Duration.ofSeconds(1));
        assertThat(state(stuckOne.kind, otherOrder)).as("another order's incident stays").isEqualTo(Step.State.STUCK);
        assertThat(state(refused.kind, order)).as("a refusal needs a retry").isEqualTo(Step.State.FAILED);
        assertThat(refused.runs(order)).isEqualTo(1);
        assertThat(finished.runs(order)).isEqualTo(1);
    }

    private StepEngine engine(Handler handler, int threads) {
        return engine(List.of(handler), threads);
    }

    private StepEngine engine(List<StepHandler> handlers, int threads) {
        StepEngine engine = new StepEngine(dataSource, store, handlers, new StepSettings(
                "worker-" + UUID.randomUUID().toString().substring(0, 8), threads, Duration.ofMillis(200),
                Duration.ofMillis(500), 4, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new SimpleMeterRegistry(), Clock.systemUTC());
        engines.add(engine);
        engine.start();
        return engine;
    }

    private static int record(String kind, UUID order, Duration deadline) {
        Instant now = Instant.now();
        return pool.withTransaction(tx -> store.record(tx, List.of(NewStep.forOrder(kind, order, 0, null, now,
                now.plus(deadline))), now)).await().indefinitely();
    }

    private static Step find(String kind, UUID order) {
        return store.find(kind, order.toString()).await().indefinitely().orElseThrow();
    }

    private static Step.State state(String kind, UUID order) {
        Optional<Step> step = store.find(kind, order.toString()).await().indefinitely();
        return step.map(Step::state).orElse(null);
    }

    private static List<String> tries(String kind, UUID order) {
        return query("SELECT outcome FROM step_try WHERE kind = '" + kind + "' AND subject = '" + order
                + "' ORDER BY try_number");
    }

    private static List<String> incidents(String kind, UUID order) {
        return query("SELECT error FROM incident WHERE kind = '" + kind + "' AND subject = '" + order + "'");
    }

    private static int queued(String kind, UUID order) {
        return query("SELECT 1 FROM scheduled_tasks WHERE task_name = '" + kind + "' AND task_instance = '" + order
                + "'").size();
    }

    private static List<String> query(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A step kind of its own per test, whose tries do what the test says and are counted per order. */
    private static final class Handler implements StepHandler {

        private final String kind = "test." + UUID.randomUUID().toString().substring(0, 8);
        private final Function<Step, StepResult> behaviour;
        private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        Handler(Function<Step, StepResult> behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public Duration deadline() {
            return Duration.ofMinutes(1);
        }

        @Override
        public StepResult run(Step step) {
            runs.computeIfAbsent(step.subject(), s -> new AtomicInteger()).incrementAndGet();
            return behaviour.apply(step);
        }

        @Override
        public Uni<Void> deadlinePassed(SqlClient tx, Step step, String lastError) {
            return tx.preparedQuery("INSERT INTO incident (kind, subject, error) VALUES ($1, $2, $3)")
                    .execute(Tuple.of(step.kind(), step.subject(), lastError)).replaceWithVoid();
        }

        int runs(UUID order) {
            return runs.getOrDefault(order.toString(), new AtomicInteger()).get();
        }
    }

    private static final class RateLimited extends RuntimeException implements RetryAfter {

        private final Duration wait;

        RateLimited(Duration wait) {
            super("HTTP 429");
            this.wait = wait;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.of(wait);
        }
    }
}
