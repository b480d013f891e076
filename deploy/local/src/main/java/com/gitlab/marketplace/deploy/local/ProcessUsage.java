package com.gitlab.marketplace.deploy.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What a process costs, for the benchmarks: resident memory and CPU time. */
public final class ProcessUsage {

    private ProcessUsage() {
    }

    /** Resident memory now, from {@code /proc} (Linux), in MiB; -1 where that cannot be read. */
    public static long residentMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException unreadable) {
            // Not Linux, or the process is gone.
        }
        return -1;
    }

    /** CPU time the process has used so far (user and system), in milliseconds; -1 where unknown. */
    public static long cpuMillis(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }
}
