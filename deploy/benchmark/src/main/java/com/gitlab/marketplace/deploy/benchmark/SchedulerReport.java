package com.gitlab.marketplace.deploy.benchmark;

import static com.gitlab.marketplace.deploy.benchmark.SchedulerLibrary.HEARTBEAT;
import static com.gitlab.marketplace.deploy.benchmark.SchedulerLibrary.MISSED_HEARTBEATS;
import static com.gitlab.marketplace.deploy.benchmark.SchedulerLibrary.POLL;
import static com.gitlab.marketplace.deploy.benchmark.SchedulerLibrary.THREADS;
import static com.gitlab.marketplace.deploy.benchmark.WorkTable.UPSTREAM_CALL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The scheduler comparison's results as a Markdown report, with the ratios of the libraries' figures. */
final class SchedulerReport {

    private SchedulerReport() {
    }

    /** Writes the Markdown report to {@code report}, the first library compared with each other one. */
    static void write(Path report, List<SchedulerOutcome> outcomes) throws IOException {
        Files.createDirectories(report.getParent());
        StringBuilder md = new StringBuilder("# Durable steps: db-scheduler against Quartz\n\n");
        md.append("Run ").append(DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC)))
                .append(" with `./run-benchmark schedulers` on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.runtime.version"))
                .append(". A component figure: one JVM and an embedded PostgreSQL, nothing else of the stack ")
                .append("running. Both with ").append(THREADS).append(" worker threads, a poll every ")
                .append(POLL.toSeconds()).append(" s, a worker dead after ").append(MISSED_HEARTBEATS).append(" × ")
                .append(HEARTBEAT.toSeconds()).append(" s without a heartbeat (db-scheduler) or a cluster check-in ")
                .append("every ").append(HEARTBEAT.toSeconds() * MISSED_HEARTBEATS / 2).append(" s (Quartz, ")
                .append("which declares an instance dead 7.5 s after a missed one); each step marks its row ")
                .append("started, waits ").append(UPSTREAM_CALL.toMillis()).append(" ms and marks it done. ")
                .append("CPU is this JVM's and PostgreSQL's.\n\n");
        md.append("| library | steps | steps done/s (first schedule → last done) | start delay p50 ms | p99 | max |")
                .append(" CPU per step (ms) | idle CPU (% of a core) | killed worker's step done elsewhere after |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (SchedulerOutcome o : outcomes) {
            md.append(String.format("| %s | %d | %.0f | %d | %d | %d | %.2f | %.1f | %.1f s |%n", o.library(),
                    o.steps(), o.stepsPerSecond(), o.startDelayMillis().getValueAtPercentile(50),
                    o.startDelayMillis().getValueAtPercentile(99), o.startDelayMillis().getMaxValue(),
                    o.cpuMillisPerStep(), o.idlePercentOfCore(), o.takeOverSeconds()));
        }
        SchedulerOutcome ours = outcomes.get(0);
        for (SchedulerOutcome other : outcomes.subList(1, outcomes.size())) {
            md.append(String.format("%nRatios, %s to %s: throughput %.2f×, CPU per step %.2f×, p99 start delay "
                    + "%.2f×.%n", ours.library(), other.library(), ours.stepsPerSecond() / other.stepsPerSecond(),
                    ours.cpuMillisPerStep() / other.cpuMillisPerStep(),
                    ours.startDelayMillis().getValueAtPercentile(99)
                            / (double) Math.max(1, other.startDelayMillis().getValueAtPercentile(99))));
        }
        Files.writeString(report, md.toString());
        System.out.println("report: " + report);
    }
}
