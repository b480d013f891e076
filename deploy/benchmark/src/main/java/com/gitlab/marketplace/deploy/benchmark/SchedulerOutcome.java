package com.gitlab.marketplace.deploy.benchmark;

import org.HdrHistogram.Histogram;

/** What one library measured in the scheduler comparison. */
record SchedulerOutcome(String library, int steps, double stepsPerSecond, Histogram startDelayMillis,
        double cpuMillisPerStep, double idlePercentOfCore, double takeOverSeconds) {
}
