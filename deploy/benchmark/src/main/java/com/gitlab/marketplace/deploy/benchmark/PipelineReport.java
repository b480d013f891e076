package com.gitlab.marketplace.deploy.benchmark;

import static com.gitlab.marketplace.deploy.benchmark.PipelineCpu.percentOfCore;
import static com.gitlab.marketplace.deploy.benchmark.PipelineCpu.platform;
import static com.gitlab.marketplace.deploy.benchmark.PipelineCpu.sum;

import com.gitlab.marketplace.deploy.local.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The order pipeline benchmark's results as a Markdown report, measured against the goals, with its PNG plots:
 * kept apart from the measuring so the figures' presentation can change without touching how they are taken.
 */
final class PipelineReport {

    private PipelineReport() {
    }

    /** Writes {@code report.md} and the plots into {@code results}. */
    static void write(Path results, OrderPipelineBenchmark.Plan plan, List<PipelinePhase> phases,
            Map<String, Long> idleCpu, Map<String, Long> idleRss) throws IOException {
        Files.createDirectories(results);
        StringBuilder md = new StringBuilder();
        md.append("# Order pipeline benchmark\n\n");
        md.append("Run ").append(DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC)))
                .append(" with `./run-benchmark pipeline` on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(memTotal()).append(", Java ")
                .append(System.getProperty("java.runtime.version"))
                .append(" (").append(System.getProperty("java.vm.vendor")).append("). The whole stack as ")
                .append("`./run-local` runs it: every service and sandbox its own JVM (")
                .append(String.join(" ", ServiceProcess.JVM_OPTIONS)).append("), PostgreSQL beside, Kafka, SMTP, ")
                .append("the gateway and the load generator in one more JVM, all on the same cores. Orders go through ")
                .append("the gateway with `Prefer: respond-async`; sandboxes at zero added latency. Latencies in ms, ")
                .append("from the Kafka records' timestamps and the projection's commit time (one clock). CPU is each ")
                .append("process's CPU time over the phase, idle work included; *platform* is the services and ")
                .append("PostgreSQL, *all* adds the sandboxes and the harness JVM (Kafka, SMTP, gateway, load ")
                .append("generator).\n\n");

        md.append("## Against the goals\n\n| measure | before (issue 20) | now | goal |\n|---|---|---|---|\n");
        PipelinePhase burst = phases.stream().filter(p -> p.name().equals("burst")).findFirst().orElse(null);
        PipelinePhase open = phases.stream().filter(p -> p.name().equals("open loop")).findFirst().orElse(null);
        if (burst != null) {
            md.append(String.format("| %s, first POST → last `Provisioned` | 5.1 orders/s | **%.1f orders/s** "
                    + "(%d of %d provisioned in %.1f s; accepted at %.0f/s); %s | ≥ 100 orders/s, one subscription, "
                    + "record set and email each |%n", burst.load(), burst.provisionedPerSecond(), burst.provisioned(),
                    burst.sent(), (burst.lastProvisionedAt() - burst.firstPostAt()) / 1000.0,
                    burst.acceptedPerSecond(), burst.effects()));
        }
        if (open != null) {
            md.append(String.format("| %s, POST → `Provisioned` | not sustainable (51 s p50) | **p99 %d ms** "
                    + "(p50 %d, max %d; %d of %d provisioned) | p99 < 2 s |%n", open.load(),
                    open.total().getValueAtPercentile(99), open.total().getValueAtPercentile(50),
                    open.total().getMaxValue(), open.provisioned(), open.sent()));
        }
        if (!idleCpu.isEmpty()) {
            md.append(String.format("| idle stack, all processes, %d s | 63 %% of a core | **%.1f %%** of a core "
                    + "(platform %.1f %%) | < 10 %% |%n", plan.idle().toSeconds(),
                    percentOfCore(sum(idleCpu), plan.idle()), percentOfCore(platform(idleCpu), plan.idle())));
        }
        for (PipelinePhase phase : phases) {
            md.append(String.format("| CPU per provisioned order, summed over processes (%s) | 156–242 ms | "
                    + "**%.1f ms** all (platform %.1f ms) | ≤ 20 ms |%n", phase.name(),
                    sum(phase.cpuMillis()) / (double) Math.max(1, phase.provisioned()),
                    platform(phase.cpuMillis()) / (double) Math.max(1, phase.provisioned())));
        }

        md.append("\n## Phases\n\n| phase | load | sent | accepted | accepted/s | provisioned | failed | ")
                .append("provisioned/s | POST→Provisioned p50 | p90 | p99 | max | POST outcomes |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (PipelinePhase p : phases) {
            md.append(String.format("| %s | %s | %d | %d | %.0f | %d | %d | %.1f | %d | %d | %d | %d | %s |%n",
                    p.name(), p.load(), p.sent(), p.accepted(), p.acceptedPerSecond(), p.provisioned(), p.failed(),
                    p.provisionedPerSecond(), p.total().getValueAtPercentile(50), p.total().getValueAtPercentile(90),
                    p.total().getValueAtPercentile(99), p.total().getMaxValue(), p.outcomes()));
        }

        md.append("\n## CPU by process\n\nIdle: % of a core over the quiet minute. Phases: ms of CPU per ")
                .append("provisioned order.\n\n| process | idle |");
        phases.forEach(p -> md.append(" ").append(p.name()).append(" |"));
        md.append("\n|---|---|").append("---|".repeat(phases.size())).append("\n");
        List<String> processes = new ArrayList<>(phases.isEmpty() ? idleCpu.keySet() : phases.get(0).cpuMillis()
                .keySet());
        for (String process : processes) {
            md.append("| ").append(process).append(" | ").append(idleCpu.containsKey(process) ? String.format(
                    "%.1f %%", percentOfCore(idleCpu.get(process), plan.idle())) : "").append(" |");
            phases.forEach(p -> md.append(String.format(" %.1f |", p.cpuMillis().getOrDefault(process, 0L)
                    / (double) Math.max(1, p.provisioned()))));
            md.append("\n");
        }

        for (PipelinePhase p : phases) {
            md.append("\n## ").append(p.name()).append(" (").append(p.load()).append("): each hop\n\n")
                    .append("| hop | n | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n");
            for (PipelineHop hop : PipelineHop.values()) {
                Histogram h = p.hops().get(hop);
                md.append(String.format("| %s | %d | %d | %d | %d | %d |%n", hop.description, h.getTotalCount(),
                        h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                        h.getMaxValue()));
            }
        }
        md.append("\n## Resident memory (MiB)\n\n| process | after warm-up |\n|---|---|\n");
        idleRss.forEach((name, mib) -> md.append(String.format("| %s | %d |%n", name, mib)));
        md.append("\n![orders accepted and provisioned over time](pipeline-progress.png)\n\n")
                .append("![p99 of each hop](pipeline-hops.png)\n");
        Files.writeString(results.resolve("report.md"), md.toString());

        XYChart progress = new XYChartBuilder().width(900).height(500).title("Orders accepted and provisioned")
                .xAxisTitle("s since the phase's first POST").yAxisTitle("orders").build();
        progress.getStyler().setMarkerSize(0);
        for (PipelinePhase p : phases) {
            List<long[]> points;
            synchronized (p.timeline()) {
                points = List.copyOf(p.timeline());
            }
            if (points.isEmpty()) {
                continue;
            }
            List<Double> seconds = points.stream().map(x -> x[0] / 1000.0).toList();
            progress.addSeries(p.name() + ": accepted", seconds, points.stream().map(x -> (double) x[1]).toList())
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            progress.addSeries(p.name() + ": provisioned", seconds, points.stream().map(x -> (double) x[2]).toList())
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        if (!progress.getSeriesMap().isEmpty()) {
            BitmapEncoder.saveBitmap(progress, results.resolve("pipeline-progress.png").toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        }
        if (!phases.isEmpty()) {
            CategoryChart hops = new CategoryChartBuilder().width(1000).height(500).title("p99 of each hop")
                    .xAxisTitle("hop").yAxisTitle("ms").build();
            List<String> names = List.of(PipelineHop.values()).stream().map(Enum::name).toList();
            for (PipelinePhase p : phases) {
                hops.addSeries(p.name(), names, List.of(PipelineHop.values()).stream()
                        .map(h -> (Number) p.hops().get(h).getValueAtPercentile(99)).toList());
            }
            BitmapEncoder.saveBitmap(hops, results.resolve("pipeline-hops.png").toString(),
                    BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
