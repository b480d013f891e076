package com.gitlab.marketplace.deploy.benchmark;

import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import javax.sql.DataSource;

/** One library of the scheduler comparison, driven the same way as the other. */
interface SchedulerLibrary extends AutoCloseable {

    /** Starts taking due steps on {@link SchedulerComparison#THREADS} workers. */
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
