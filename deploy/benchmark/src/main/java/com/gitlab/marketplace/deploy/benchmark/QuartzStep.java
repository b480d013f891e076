package com.gitlab.marketplace.deploy.benchmark;

import static com.gitlab.marketplace.deploy.benchmark.WorkTable.work;

import javax.sql.DataSource;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The scheduler comparison's step as a Quartz job (public: Quartz creates it by reflection). */
public final class QuartzStep implements Job {

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
