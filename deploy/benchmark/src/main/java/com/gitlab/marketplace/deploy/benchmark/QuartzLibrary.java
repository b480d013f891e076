package com.gitlab.marketplace.deploy.benchmark;

import static com.gitlab.marketplace.deploy.benchmark.SchedulerLibrary.HEARTBEAT;
import static com.gitlab.marketplace.deploy.benchmark.SchedulerLibrary.MISSED_HEARTBEATS;
import static com.gitlab.marketplace.deploy.benchmark.SchedulerLibrary.POLL;
import static com.gitlab.marketplace.deploy.benchmark.SchedulerLibrary.THREADS;

import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.quartz.JobBuilder;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/** Quartz with its JDBC job store, clustered (several replicas share the tables), jobs that recover. */
final class QuartzLibrary implements SchedulerLibrary {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private final org.quartz.Scheduler scheduler;

    QuartzLibrary(DataSource dataSource, String worker, PostgresServer.Database database)
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
