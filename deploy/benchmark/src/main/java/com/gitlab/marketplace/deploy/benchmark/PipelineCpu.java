package com.gitlab.marketplace.deploy.benchmark;

import com.gitlab.marketplace.deploy.local.LocalStack;
import com.gitlab.marketplace.deploy.local.ProcessUsage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The order pipeline benchmark's CPU figures: each process's CPU time, by the names the report shows, and the
 * sums it compares (all processes, or the platform's own).
 */
final class PipelineCpu {

    private static final String HARNESS = "this JVM: Kafka, SMTP, gateway, load generator";
    private static final String POSTGRES = "postgres (all processes)";

    private PipelineCpu() {
    }

    /**
     * CPU used so far by each service and sandbox, by PostgreSQL (all its processes) and by this JVM, which runs
     * Kafka, SMTP, the gateway and the load generator.
     */
    static Map<String, Long> byProcess(LocalStack stack) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        stack.services().forEach((name, process) -> cpu.put(name, process.cpuMillis()));
        cpu.put(POSTGRES, ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(p -> Math.max(0, ProcessUsage.cpuMillis(p))).sum());
        cpu.put(HARNESS, ProcessUsage.cpuMillis(ProcessHandle.current()));
        return cpu;
    }

    static long sum(Map<String, Long> cpuMillis) {
        return cpuMillis.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The platform's own processes: the services and PostgreSQL, not the sandboxes or this harness. */
    static long platform(Map<String, Long> cpuMillis) {
        return cpuMillis.entrySet().stream().filter(e -> !e.getKey().contains("sandbox") && !e.getKey().equals(HARNESS))
                .mapToLong(Map.Entry::getValue).sum();
    }

    static double percentOfCore(long cpuMillis, Duration over) {
        return cpuMillis * 100.0 / over.toMillis();
    }
}
