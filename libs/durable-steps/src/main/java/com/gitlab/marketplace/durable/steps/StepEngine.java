package com.gitlab.marketplace.durable.steps;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Runs a service's due steps: db-scheduler reads the queue ({@code SELECT … FOR UPDATE SKIP LOCKED}), hands
 * each due step to one of a bounded number of worker threads, keeps a heartbeat while it runs and, when a
 * worker's heartbeats stop, gives the step to another. For each try this engine loads the step, calls its
 * {@link StepHandler}, and records the outcome with the step: done, failed, or the next try's time and the
 * error (the retry schedule lives in the database, not in a thread). No try starts after the step's deadline:
 * the step is then stuck, an operator incident, and its handler records what partners and operators see.
 */
public final class StepEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StepEngine.class);
    /** How long the engine waits for its own database work; the database being away longer fails the try. */
    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);

    private final StepStore store;
    private final Map<String, StepHandler> handlers = new LinkedHashMap<>();
    private final StepBackoff backoff;
    private final StepMetrics metrics;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Duration countsInterval;

    public StepEngine(DataSource dataSource, StepStore store, List<StepHandler> handlers, StepSettings settings,
            MeterRegistry registry, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.backoff = new StepBackoff(settings.firstRetryDelay(), settings.maxRetryDelay());
        this.countsInterval = settings.pollingInterval().multipliedBy(5);
        List<Task<?>> tasks = new ArrayList<>();
        for (StepHandler handler : handlers) {
            if (this.handlers.putIfAbsent(handler.kind(), handler) != null) {
                throw new IllegalStateException("two step handlers for kind " + handler.kind());
            }
            tasks.add(Tasks.custom(handler.kind(), Void.class)
                    .onFailure(new BookkeepingRetry(settings.firstRetryDelay(), settings.maxRetryDelay()))
                    .onDeadExecutionRevive()
                    .execute((instance, context) -> run(handler, instance.getId())));
        }
        this.metrics = new StepMetrics(registry, store, this.handlers.keySet());
        this.scheduler = Scheduler.create(dataSource, tasks)
                .schedulerName(new SchedulerName.Fixed(settings.workerName()))
                .threads(settings.threads())
                .pollingInterval(settings.pollingInterval())
                .pollUsingLockAndFetch(0.5, 1.0)
                .heartbeatInterval(settings.heartbeatInterval())
                .missedHeartbeatsLimit(settings.missedHeartbeats())
                .shutdownMaxWait(settings.shutdownWait())
                .deleteUnresolvedAfter(Duration.ofDays(14))
                .build();
    }

    public void start() {
        scheduler.start();
        metrics.start(countsInterval);
        LOG.infof("durable steps running: %s", String.join(", ", handlers.keySet()));
    }

    /** Looks for due steps now instead of at the next poll: call it after committing a step that is due. */
    public void wake() {
        scheduler.triggerCheckForDueExecutions();
    }

    /** Whether workers are taking steps (started and not stopping). */
    public boolean running() {
        var state = scheduler.getSchedulerState();
        return state.isStarted() && !state.isShuttingDown();
    }

    @Override
    public void close() {
        metrics.close();
        scheduler.stop();
    }

    /** One try of a step, and its outcome recorded with it. Runs on a worker thread. */
    private CompletionHandler<Void> run(StepHandler handler, String subject) {
        Step step = await(store.find(handler.kind(), subject)).orElse(null);
        if (step == null || step.state() != Step.State.PENDING) {
            return removeThenRequeueIfDue(handler.kind(), subject); // ended meanwhile (from outside, by an operator)
        }
        Instant started = clock.instant();
        long begun = System.nanoTime();
        StepResult result = null;
        Throwable failure = null;
        try {
            result = handler.run(step);
        } catch (Exception | LinkageError | AssertionError e) {
            failure = e;
        }
        long millis = (System.nanoTime() - begun) / 1_000_000;
        Instant now = clock.instant();
        if (result instanceof StepResult.Done) {
            metrics.tried(step.kind(), "done", millis);
            if (!await(store.recordTry(store.pool(), step, started, millis, "done", Step.State.DONE, null, null, now))) {
                return afterChangeFromOutside(step);
            }
            LOG.debugf("step %s done after %d tries", step.id(), step.tries() + 1);
            return removeThenRequeueIfDue(step.kind(), step.subject());
        }
        if (result instanceof StepResult.Failed refused) {
            metrics.tried(step.kind(), "failed", millis);
            if (!await(store.recordTry(store.pool(), step, started, millis, "failed", Step.State.FAILED, null,
                    refused.why(), now))) {
                return afterChangeFromOutside(step);
            }
            LOG.warnf("step %s failed for good (order %s, attempt %d): %s", step.id(), step.orderId(), step.attempt(),
                    refused.why());
            return removeThenRequeueIfDue(step.kind(), step.subject());
        }
        String outcome;
        String why;
        Duration wait;
        if (result instanceof StepResult.RetryIn later) {
            outcome = "waiting";
            why = later.why();
            wait = later.delay();
        } else {
            outcome = "error";
            why = describe(failure);
            wait = backoff.after(step.tries() + 1, failure);
        }
        Instant next = now.plus(wait);
        if (next.isAfter(step.deadline())) {
            metrics.tried(step.kind(), "stuck", millis);
            boolean stuck = await(store.pool().withTransaction(tx -> store.recordTry(tx, step, started, millis, outcome,
                    Step.State.STUCK, null, why, now).call(asFound -> asFound ? handler.deadlinePassed(tx, step, why)
                            : Uni.createFrom().voidItem())));
            if (!stuck) {
                return afterChangeFromOutside(step);
            }
            LOG.errorf("step %s is stuck (order %s, attempt %d): its deadline %s passed after %d tries; last: %s. "
                    + "An operator's retry runs it again", step.id(), step.orderId(), step.attempt(), step.deadline(),
                    step.tries() + 1, why);
            return removeThenRequeueIfDue(step.kind(), step.subject());
        }
        metrics.tried(step.kind(), outcome, millis);
        if (!await(store.recordTry(store.pool(), step, started, millis, outcome, Step.State.PENDING, next, why, now))) {
            return afterChangeFromOutside(step);
        }
        if (failure != null) {
            LOG.warnf("step %s try %d failed, next try in %d ms: %s", step.id(), step.tries() + 1, wait.toMillis(), why);
        } else {
            LOG.debugf("step %s waits %d ms: %s", step.id(), wait.toMillis(), why);
        }
        return (complete, operations) -> operations.reschedule(complete, next);
    }

    /**
     * The step changed while this try ran: ended from outside (done, by what it waited for), or made due again
     * (its input changed). Run it again at once in the second case; this try's result is not its last word.
     */
    private CompletionHandler<Void> afterChangeFromOutside(Step tried) {
        Step now = await(store.find(tried.kind(), tried.subject())).orElse(null);
        if (now == null || now.state() != Step.State.PENDING) {
            return removeThenRequeueIfDue(tried.kind(), tried.subject());
        }
        LOG.debugf("step %s was made due again while it ran; it runs once more", tried.id());
        return (complete, operations) -> operations.reschedule(complete, complete.getTimeDone());
    }

    /**
     * Ends the step's execution, then queues the step again if it was made due while this try ran: a {@code runAgain}
     * that committed after the try's outcome and before this removal found the execution still held and left it alone
     * (see {@link StepStore#runAgain}), so without this the step would stay pending with nothing to run it. One that
     * writes the queue while we hold the execution locks it until it commits, so the removal, then this check, see it.
     */
    private CompletionHandler<Void> removeThenRequeueIfDue(String kind, String subject) {
        return (complete, operations) -> {
            operations.remove();
            if (await(store.queueIfPending(kind, subject, clock.instant()))) {
                LOG.debugf("step %s:%s was made due as its try ended; queued again", kind, subject);
            }
        };
    }

    private static <T> T await(Uni<T> work) {
        return work.await().atMost(DATABASE_WAIT);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    /**
     * When the engine's own bookkeeping fails (the database away), db-scheduler runs the step again later:
     * exponential from the first retry delay, capped. The step's handler is safe to run again.
     */
    private static final class BookkeepingRetry implements FailureHandler<Void> {

        private final Duration first;
        private final Duration max;

        BookkeepingRetry(Duration first, Duration max) {
            this.first = first;
            this.max = max;
        }

        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<Void> operations) {
            int failures = complete.getExecution().consecutiveFailures;
            long millis = Math.min(max.toMillis(), Math.max(1, first.toMillis()) << Math.min(failures, 20));
            LOG.warnf(complete.getCause().orElse(null), "step %s:%s could not be recorded; runs again in %d ms",
                    complete.getExecution().taskInstance.getTaskName(), complete.getExecution().taskInstance.getId(),
                    millis);
            operations.reschedule(complete, complete.getTimeDone().plusMillis(millis));
        }
    }
}
