package com.gitlab.marketplace.deploy.benchmark;

import static com.gitlab.marketplace.deploy.benchmark.SchedulerLibrary.HEARTBEAT;
import static com.gitlab.marketplace.deploy.benchmark.SchedulerLibrary.MISSED_HEARTBEATS;
import static com.gitlab.marketplace.deploy.benchmark.SchedulerLibrary.POLL;
import static com.gitlab.marketplace.deploy.benchmark.SchedulerLibrary.THREADS;
import static com.gitlab.marketplace.deploy.benchmark.WorkTable.work;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Instant;
import javax.sql.DataSource;

/** db-scheduler as libs/durable-steps runs it: lock-and-fetch polling, one task per step kind. */
final class DbSchedulerLibrary implements SchedulerLibrary {

    private final OneTimeTask<Void> task;
    private final Scheduler scheduler;

    DbSchedulerLibrary(DataSource dataSource, String worker) {
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
