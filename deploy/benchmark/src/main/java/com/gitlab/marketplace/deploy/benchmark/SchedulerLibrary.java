package com.gitlab.marketplace.deploy.benchmark;

import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import java.time.Duration;
import javax.sql.DataSource;

/** One library of the scheduler comparison, driven the same way as the other. */
interface SchedulerLibrary extends AutoCloseable {

    // The settings the services use, for both libraries.
    /** Worker threads per process, and producers in the burst. */
    int THREADS = 16;
    /** How often a worker looks for due steps. */
    Duration POLL = Duration.ofSeconds(1);
    /** How often a worker says it is alive ... */
    Duration HEARTBEAT = Duration.ofSeconds(5);
    /** ... and how many it may miss before its steps are taken over. */
    int MISSED_HEARTBEATS = 4;

    /** Starts taking due steps on {@link #THREADS} workers. */
    void start() throws Exception;

    /** Makes step {@code id} due now (its own transaction). */
    void schedule(String id) throws Exception;

    @Override
    void close() throws Exception;

    /** {@code library} ("db-scheduler" or "Quartz") as worker {@code worker}, not started yet. */
    static SchedulerLibrary open(String library, DataSource dataSource, String worker,
            PostgresServer.Database database) throws Exception {
        return library.equals("db-scheduler") ? new DbSchedulerLibrary(dataSource, worker)
                : new QuartzLibrary(dataSource, worker, database);
    }
}
