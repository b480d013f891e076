package com.gitlab.marketplace.deploy.benchmark;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One phase's outcome in the order pipeline benchmark. Times are wall-clock milliseconds. */
record PipelinePhase(String name, String load, int sent, int accepted, int provisioned, int failed, long firstPostAt,
        long lastAnsweredAt, long lastProvisionedAt, Map<PipelineHop, Histogram> hops, Map<String, Integer> outcomes,
        Map<String, Long> cpuMillis, PipelineEffects effects, List<long[]> timeline) {

    /** Orders provisioned per second, from the first POST to the last {@code Provisioned}. */
    double provisionedPerSecond() {
        return provisioned == 0 ? 0 : provisioned * 1000.0 / Math.max(1, lastProvisionedAt - firstPostAt);
    }

    /** Orders accepted per second, from the first POST to the last answer. */
    double acceptedPerSecond() {
        return accepted * 1000.0 / Math.max(1, lastAnsweredAt - firstPostAt);
    }

    Histogram total() {
        return hops.get(PipelineHop.TOTAL);
    }
}
