package com.gitlab.marketplace.durable.steps;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The step table and its execution rows in db-scheduler's queue ({@code scheduled_tasks}: task name = kind,
 * instance = subject). Every change to a step that makes it due writes both in the caller's transaction, so
 * a step is queued exactly when it is recorded.
 */
public final class StepStore {

    private static final String COLUMNS = "kind, subject, order_id, attempt, payload, state, tries, generation, "
            + "deadline, created_at, last_error";
    private static final int MAX_ERROR_LENGTH = 2000;

    private final Pool pool;

    public StepStore(Pool pool) {
        this.pool = pool;
    }

    /** Records the steps that do not exist yet (same kind and subject: kept as it is); answers how many were new. */
    public Uni<Integer> record(SqlClient tx, List<NewStep> steps, Instant now) {
        if (steps.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Tuple> rows = new ArrayList<>(steps.size());
        for (NewStep step : steps) {
            rows.add(Tuple.tuple().addString(step.kind()).addString(step.subject()).addUUID(step.orderId())
                    .addInteger(step.attempt()).addString(step.payload()).addOffsetDateTime(utc(step.runAt()))
                    .addOffsetDateTime(utc(step.deadline())).addOffsetDateTime(utc(now)));
        }
        return tx.preparedQuery("WITH recorded AS (INSERT INTO step (kind, subject, order_id, attempt, state, payload, "
                        + "next_attempt_at, deadline, created_at, updated_at) VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, "
                        + "$8, $8) ON CONFLICT (kind, subject) DO NOTHING RETURNING kind, subject, next_attempt_at) "
                        + "INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version) "
                        + "SELECT kind, subject, next_attempt_at, false, 1 FROM recorded "
                        + "ON CONFLICT (task_name, task_instance) DO NOTHING")
                .executeBatch(rows)
                .map(StepStore::affectedRows);
    }

    /**
     * Makes an unfinished step (failed, stuck, or still pending) due again at {@code runAt} with a new deadline,
     * for {@code attempt}: an operator's retry. A done step stays done.
     *
     * @return whether there was such a step
     */
    public Uni<Boolean> reopen(SqlClient tx, String kind, String subject, int attempt, Instant runAt, Instant deadline,
            Instant now) {
        return tx.preparedQuery("UPDATE step SET state = 'pending', attempt = GREATEST(attempt, $3), "
                        + "next_attempt_at = $4, deadline = $5, updated_at = $6, finished_at = NULL, "
                        + "generation = generation + 1 WHERE kind = $1 AND subject = $2 AND state <> 'done'")
                .execute(Tuple.of(kind, subject, attempt, utc(runAt), utc(deadline), utc(now)))
                .flatMap(updated -> updated.rowCount() == 0 ? Uni.createFrom().item(false)
                        : queue(tx, kind, subject, runAt).replaceWith(true));
    }

    /**
     * An operator's re-drive of an order in progress: each of its steps still pending (waiting for its next try or
     * for what it awaits from outside) or stuck past its deadline is due now, with a fresh deadline, for the same
     * attempt, so it repeats with the same idempotency keys and look-ups. Done and failed steps stay as they are:
     * a refusal needs a retry (a new attempt), not the same call again. A step whose kind has no deadline here
     * (no handler in this service) is left alone.
     *
     * @param deadlineOfKind how long each kind may keep trying from now; null for a kind not run here
     * @return the steps made due, as they were before
     */
    public Uni<List<Step>> redrive(SqlClient tx, UUID orderId, Function<String, Duration> deadlineOfKind,
            Instant now) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM step WHERE order_id = $1 AND state IN ('pending', "
                        + "'stuck') ORDER BY created_at, kind FOR UPDATE")
                .execute(Tuple.of(orderId))
                .map(rows -> {
                    List<Step> steps = new ArrayList<>();
                    rows.forEach(row -> steps.add(step(row)));
                    return steps.stream().filter(step -> deadlineOfKind.apply(step.kind()) != null).toList();
                })
                .call(steps -> Multi.createFrom().iterable(steps)
                        .onItem().transformToUniAndConcatenate(step -> reopen(tx, step.kind(), step.subject(),
                                step.attempt(), now, now.plus(deadlineOfKind.apply(step.kind())), now))
                        .collect().last());
    }

    /**
     * Makes a step due at {@code runAt} whatever its state, done included, or records it: for work whose
     * input changed (a newer fact to pass on). A try under way when this commits does not end the step: it runs
     * once more.
     */
    public Uni<Void> runAgain(SqlClient tx, NewStep step, Instant now) {
        return tx.preparedQuery("INSERT INTO step (kind, subject, order_id, attempt, state, payload, next_attempt_at, "
                        + "deadline, created_at, updated_at) VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $8) "
                        + "ON CONFLICT (kind, subject) DO UPDATE SET state = 'pending', "
                        + "attempt = GREATEST(step.attempt, EXCLUDED.attempt), payload = COALESCE(EXCLUDED.payload, "
                        + "step.payload), next_attempt_at = EXCLUDED.next_attempt_at, deadline = EXCLUDED.deadline, "
                        + "updated_at = EXCLUDED.updated_at, finished_at = NULL, generation = step.generation + 1")
                .execute(Tuple.tuple().addString(step.kind()).addString(step.subject()).addUUID(step.orderId())
                        .addInteger(step.attempt()).addString(step.payload()).addOffsetDateTime(utc(step.runAt()))
                        .addOffsetDateTime(utc(step.deadline())).addOffsetDateTime(utc(now)))
                .flatMap(written -> queue(tx, step.kind(), step.subject(), step.runAt()));
    }

    /** Brings a pending step's next try forward to {@code at} (a later one is left as it is). */
    public Uni<Void> runBy(SqlClient tx, String kind, String subject, Instant at) {
        return tx.preparedQuery("UPDATE step SET next_attempt_at = $3 WHERE kind = $1 AND subject = $2 "
                        + "AND state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at > $3)")
                .execute(Tuple.of(kind, subject, utc(at)))
                .flatMap(updated -> tx.preparedQuery("UPDATE scheduled_tasks SET execution_time = $3 "
                                + "WHERE task_name = $1 AND task_instance = $2 AND NOT picked AND execution_time > $3")
                        .execute(Tuple.of(kind, subject, utc(at))))
                .replaceWithVoid();
    }

    /**
     * Ends a step from outside its handler (what it waited for arrived, e.g. a callout): done, and out of the
     * queue unless a worker is on it (that worker then finds it done).
     *
     * @return whether it was unfinished
     */
    public Uni<Boolean> complete(SqlClient tx, String kind, String subject, Instant now) {
        return tx.preparedQuery("UPDATE step SET state = 'done', last_error = NULL, updated_at = $3, finished_at = $3 "
                        + "WHERE kind = $1 AND subject = $2 AND state <> 'done'")
                .execute(Tuple.of(kind, subject, utc(now)))
                .call(updated -> tx.preparedQuery("DELETE FROM scheduled_tasks WHERE task_name = $1 "
                        + "AND task_instance = $2 AND NOT picked").execute(Tuple.of(kind, subject)))
                .map(updated -> updated.rowCount() > 0);
    }

    public Uni<Optional<Step>> find(String kind, String subject) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM step WHERE kind = $1 AND subject = $2")
                .execute(Tuple.of(kind, subject))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(step(rows.iterator().next())));
    }

    /** Every step of an order, oldest first. */
    public Uni<List<Step>> ofOrder(UUID orderId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM step WHERE order_id = $1 ORDER BY created_at, kind")
                .execute(Tuple.of(orderId))
                .map(rows -> {
                    List<Step> steps = new ArrayList<>();
                    rows.forEach(row -> steps.add(step(row)));
                    return steps;
                });
    }

    /** The order's steps with their tries, oldest first: what operators read in the order's timeline. */
    public Uni<List<StepReport>> reportOfOrder(UUID orderId) {
        return pool.preparedQuery("SELECT kind, subject, attempt, state, tries, next_attempt_at, deadline, last_error, "
                        + "created_at, updated_at, finished_at FROM step WHERE order_id = $1 ORDER BY created_at, kind")
                .execute(Tuple.of(orderId))
                .flatMap(steps -> pool.preparedQuery("SELECT t.kind, t.subject, t.try_number, t.started_at, "
                                + "t.duration_ms, t.outcome, t.detail FROM step_try t JOIN step s USING (kind, subject) "
                                + "WHERE s.order_id = $1 ORDER BY t.kind, t.subject, t.try_number")
                        .execute(Tuple.of(orderId))
                        .map(tries -> {
                            Map<String, List<StepReport.Try>> history = new TreeMap<>();
                            tries.forEach(row -> history.computeIfAbsent(row.getString("kind") + ":"
                                    + row.getString("subject"), id -> new ArrayList<>()).add(new StepReport.Try(
                                    row.getInteger("try_number"), instant(row, "started_at"),
                                    row.getInteger("duration_ms"), row.getString("outcome"), row.getString("detail"))));
                            List<StepReport> reports = new ArrayList<>();
                            steps.forEach(row -> reports.add(new StepReport(row.getString("kind"),
                                    row.getString("subject"), row.getInteger("attempt"), row.getString("state"),
                                    row.getInteger("tries"), instant(row, "next_attempt_at"), instant(row, "deadline"),
                                    row.getString("last_error"), instant(row, "created_at"),
                                    instant(row, "updated_at"), instant(row, "finished_at"),
                                    history.getOrDefault(row.getString("kind") + ":" + row.getString("subject"),
                                            List.of()))));
                            return reports;
                        }));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /** How many steps are in each unfinished state, per kind (for the gauges operators alert on). */
    public Uni<Map<String, Map<Step.State, Long>>> unfinishedCounts() {
        return pool.query("SELECT kind, state, count(*) AS n FROM step WHERE state <> 'done' GROUP BY kind, state")
                .execute()
                .map(rows -> {
                    Map<String, Map<Step.State, Long>> counts = new TreeMap<>();
                    rows.forEach(row -> counts.computeIfAbsent(row.getString("kind"), k -> new TreeMap<>())
                            .put(Step.State.of(row.getString("state")), row.getLong("n")));
                    return counts;
                });
    }

    /**
     * The outcome of one try, conditional on the step being as the try found it: still pending (an operator or
     * what it waited for may have ended it) and not made due again meanwhile (same generation).
     *
     * @return whether the step was as the try found it
     */
    Uni<Boolean> recordTry(SqlClient client, Step step, Instant started, long durationMillis, String outcome,
            Step.State next, Instant nextAttemptAt, String error, Instant now) {
        return client.preparedQuery("WITH try AS (INSERT INTO step_try (kind, subject, try_number, started_at, "
                        + "duration_ms, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING) "
                        + "UPDATE step SET tries = GREATEST(tries, $3), state = $8::text, next_attempt_at = $9, "
                        + "last_error = $7, updated_at = $10::timestamptz, "
                        + "finished_at = CASE WHEN $8::text = 'pending' THEN NULL ELSE $10::timestamptz END "
                        + "WHERE kind = $1 AND subject = $2 AND state = 'pending' AND generation = $11")
                .execute(Tuple.tuple().addString(step.kind()).addString(step.subject()).addInteger(step.tries() + 1)
                        .addOffsetDateTime(utc(started)).addInteger((int) Math.min(Integer.MAX_VALUE, durationMillis))
                        .addString(outcome).addString(truncated(error)).addString(next.column())
                        .addOffsetDateTime(nextAttemptAt == null ? null : utc(nextAttemptAt))
                        .addOffsetDateTime(utc(now)).addInteger(step.generation()))
                .map(updated -> updated.rowCount() > 0);
    }

    /**
     * Queues a pending step that has no execution (see {@code StepEngine}'s removal), at its next try's time or
     * {@code now}; answers whether it queued one.
     */
    Uni<Boolean> queueIfPending(String kind, String subject, Instant now) {
        return pool.preparedQuery("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, "
                        + "version) SELECT kind, subject, COALESCE(next_attempt_at, $3), false, 1 FROM step "
                        + "WHERE kind = $1 AND subject = $2 AND state = 'pending' "
                        + "ON CONFLICT (task_name, task_instance) DO NOTHING")
                .execute(Tuple.of(kind, subject, utc(now)))
                .map(inserted -> inserted.rowCount() > 0);
    }

    Pool pool() {
        return pool;
    }

    private static Uni<Void> queue(SqlClient tx, String kind, String subject, Instant runAt) {
        // A worker holding the execution (picked) finishes its try first; it then finds the step pending again.
        return tx.preparedQuery("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version) "
                        + "VALUES ($1, $2, $3, false, 1) ON CONFLICT (task_name, task_instance) DO UPDATE "
                        + "SET execution_time = EXCLUDED.execution_time WHERE NOT scheduled_tasks.picked")
                .execute(Tuple.of(kind, subject, utc(runAt)))
                .replaceWithVoid();
    }

    private static int affectedRows(RowSet<Row> rows) {
        int total = 0;
        for (RowSet<Row> batch = rows; batch != null; batch = batch.next()) {
            total += batch.rowCount();
        }
        return total;
    }

    private static Step step(Row row) {
        return new Step(row.getString("kind"), row.getString("subject"), row.getUUID("order_id"),
                row.getInteger("attempt"), row.getString("payload"), Step.State.of(row.getString("state")),
                row.getInteger("tries"), row.getInteger("generation"), row.getOffsetDateTime("deadline").toInstant(),
                row.getOffsetDateTime("created_at").toInstant(), row.getString("last_error"));
    }

    static String truncated(String error) {
        return error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH) + "…";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
