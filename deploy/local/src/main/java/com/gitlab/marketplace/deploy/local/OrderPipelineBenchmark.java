package com.gitlab.marketplace.deploy.local;

import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The order pipeline end to end under a fixed arrival rate: the local stack (every service its own process,
 * sandboxes with no added latency), orders placed open loop (each at its scheduled moment, whether or not
 * earlier ones were answered, so a slow server cannot hide its latency), and for every order the time from
 * its scheduled POST to {@code Provisioned} plus the lag of each hop, from the Kafka records' timestamps:
 * outbox → Kafka ({@code OrderPlaced}), Zuora (connector + sandbox + outbox → {@code ZuoraSubscriptionCreated}),
 * Salesforce, Zuora's callout, the license email, and the projection (order-api committing Provisioned).
 * Writes a Markdown report and PNG plots.
 */
public final class OrderPipelineBenchmark {

    /** The stages of one order, each measured from the one before it. */
    enum Hop {
        ACCEPTED("POST answered (scheduled start → 202)"),
        OUTBOX_TO_KAFKA("outbox commit → OrderPlaced on Kafka"),
        ZUORA("OrderPlaced → ZuoraSubscriptionCreated (connector, sandbox, outbox)"),
        SALESFORCE("OrderPlaced → SalesforceRecordsCreated"),
        CALLOUT("ZuoraSubscriptionCreated → ZuoraCalloutReceived"),
        LICENSE("ZuoraCalloutReceived → LicenseNotificationSent (license, SMTP, outbox)"),
        PROJECTION("LicenseNotificationSent → status Provisioned committed (projection)"),
        TOTAL("POST scheduled → Provisioned");

        final String description;

        Hop(String description) {
            this.description = description;
        }
    }

    /** What happened to one order, in wall-clock milliseconds (all processes share this machine's clock). */
    private static final class OrderTimes {
        /** 0 until the POST was answered: events of earlier steps' orders may still arrive. */
        volatile long scheduledAt;
        volatile long answeredAt;
        volatile long outboxAt;
        final Map<EventType, Long> onKafka = new ConcurrentHashMap<>();
        volatile long provisionedAt;

    }

    /** One load step's outcome. */
    record StepResult(int rate, int sent, int accepted, int provisioned, double provisionedPerSecond,
            Map<Hop, Histogram> hops, Map<String, Long> peakRssMib, Map<String, Integer> outcomes,
            Map<String, Long> cpuMillis) {
    }

    private final LocalStack stack;
    private final PrintStream out;
    private final StackClient client;
    // HTTP/1.1 as partners' integrations mostly speak it: one connection per request in flight. (Over h2c the
    // JDK client multiplexes onto one connection and fails requests past the server's stream limit.)
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, OrderTimes> byOrderId = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final String orders;
    private String token;

    OrderPipelineBenchmark(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
        this.client = new StackClient(stack.gatewayUrl());
        this.orders = stack.gatewayUrl() + "/api/v1/marketplace/subscriptions";
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<Integer> rates = List.of(50, 200);
        Duration duration = Duration.ofSeconds(20);
        int portBase = 18800;
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                rates = List.of(5);
                duration = Duration.ofSeconds(5);
            } else if (arg.startsWith("--rates=")) {
                rates = List.of(arg.substring(8).split(",")).stream().map(Integer::parseInt).toList();
            } else if (arg.startsWith("--duration=")) {
                duration = Duration.ofSeconds(Integer.parseInt(arg.substring(11)));
            } else if (arg.startsWith("--port-base=")) {
                portBase = Integer.parseInt(arg.substring(12));
            } else {
                System.err.println("usage: ./run-benchmark [--smoke] [--rates=50,200] [--duration=<seconds per rate>] "
                        + "[--port-base=18800]");
                System.exit(2);
            }
        }
        Path root = LocalStack.projectRoot();
        Path results = root.resolve("deploy/local/benchmark-results");
        Path home = root.resolve(".local-stack/benchmark");
        try (LocalStack stack = new LocalStack(System.out, new LocalStack.Ports(portBase))) {
            stack.start(root, home.resolve("logs"));
            try (PrintStream demoLog = new PrintStream(Files.newOutputStream(home.resolve("logs/demo.log")), true,
                    StandardCharsets.UTF_8)) {
                Demo.Result demo = new Demo(stack, demoLog).run();
                OrderPipelineBenchmark benchmark = new OrderPipelineBenchmark(stack, System.out);
                benchmark.run(demo, rates, duration, results);
            }
        }
        System.exit(0);
    }

    void run(Demo.Result demo, List<Integer> rates, Duration duration, Path results) throws Exception {
        token = client.token(demo.clientId(), demo.clientSecret(), "marketplace.order:create").path("access_token")
                .asText();
        // "Sandboxes at zero added latency": Zuora's callout goes out at once.
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/callout-settings", Map.of("delayMs", 0));
        Thread consumer = new Thread(this::recordEvents, "benchmark-events");
        consumer.start();
        Thread poller = new Thread(this::readProvisioned, "benchmark-projection-reader");
        poller.start();
        Map<String, Long> idleRss = rss();

        stack.say("warm-up: 10 orders/s for 10 s (not reported)");
        step("warmup", 10, Duration.ofSeconds(10));
        List<StepResult> steps = new ArrayList<>();
        for (int rate : rates) {
            stack.say("%d orders/s for %d s", rate, duration.toSeconds());
            StepResult result = step("r" + rate, rate, duration);
            steps.add(result);
            stack.say("  %d sent, %d accepted, %d provisioned; POST→Provisioned p50 %d ms, p99 %d ms", result.sent(),
                    result.accepted(), result.provisioned(), result.hops().get(Hop.TOTAL).getValueAtPercentile(50),
                    result.hops().get(Hop.TOTAL).getValueAtPercentile(99));
        }
        running.set(false);
        consumer.join(10_000);
        poller.join(10_000);
        writeReport(results, steps, idleRss, duration);
        stack.say("report: %s", results.resolve("report.md"));
    }

    /** Places {@code rate} orders a second for {@code duration}, then waits (bounded) for them to finish. */
    private StepResult step(String label, int rate, Duration duration) throws InterruptedException {
        byOrderId.clear();
        int count = (int) (rate * duration.toSeconds());
        long intervalNanos = 1_000_000_000L / rate;
        AtomicInteger accepted = new AtomicInteger();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        Map<String, Long> peakRss = new LinkedHashMap<>();
        Map<String, Long> cpuBefore = cpu();
        String run = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            long due = startNanos + i * intervalNanos;
            LockSupport.parkNanos(due - System.nanoTime());
            long scheduledAt = startMillis + (due - startNanos) / 1_000_000;
            String externalId = "BENCH-" + run + "-" + i;
            http.sendAsync(HttpRequest.newBuilder(URI.create(orders))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("Prefer", "respond-async")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(orderJson(externalId, i)))
                    .build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                        outcomes.merge(failure != null ? String.valueOf(rootCause(failure))
                                : "HTTP " + response.statusCode(), 1, Integer::sum);
                        if (response != null && (response.statusCode() == 202 || response.statusCode() == 201)) {
                            accepted.incrementAndGet();
                            String orderId = idOf(response.body());
                            OrderTimes times = byOrderId.computeIfAbsent(orderId, id -> new OrderTimes());
                            times.scheduledAt = scheduledAt;
                            times.answeredAt = System.currentTimeMillis();
                        }
                    });
            if (i % rate == 0) {
                rss().forEach((name, mib) -> peakRss.merge(name, mib, Math::max));
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && (accepted.get() < count || byOrderId.values().stream()
                .anyMatch(t -> t.scheduledAt > 0 && t.provisionedAt == 0))) {
            rss().forEach((name, mib) -> peakRss.merge(name, mib, Math::max));
            TimeUnit.MILLISECONDS.sleep(500);
        }
        Map<String, Long> cpuUsed = new LinkedHashMap<>();
        cpu().forEach((name, millis) -> cpuUsed.put(name, millis - cpuBefore.getOrDefault(name, 0L)));
        Map<Hop, Histogram> hops = new EnumMap<>(Hop.class);
        for (Hop hop : Hop.values()) {
            hops.put(hop, new Histogram(3_600_000L, 3));
        }
        long firstDone = Long.MAX_VALUE;
        long lastDone = 0;
        int provisioned = 0;
        for (OrderTimes t : byOrderId.values()) {
            if (t.scheduledAt == 0) {
                continue;
            }
            record(hops, Hop.ACCEPTED, t.scheduledAt, t.answeredAt);
            Long placed = t.onKafka.get(EventType.ORDER_PLACED);
            Long created = t.onKafka.get(EventType.ZUORA_SUBSCRIPTION_CREATED);
            Long callout = t.onKafka.get(EventType.ZUORA_CALLOUT_RECEIVED);
            Long sent = t.onKafka.get(EventType.LICENSE_NOTIFICATION_SENT);
            record(hops, Hop.OUTBOX_TO_KAFKA, t.outboxAt, placed);
            record(hops, Hop.ZUORA, placed, created);
            record(hops, Hop.SALESFORCE, placed, t.onKafka.get(EventType.SALESFORCE_RECORDS_CREATED));
            record(hops, Hop.CALLOUT, created, callout);
            record(hops, Hop.LICENSE, callout, sent);
            record(hops, Hop.PROJECTION, sent, t.provisionedAt);
            if (t.provisionedAt > 0) {
                record(hops, Hop.TOTAL, t.scheduledAt, t.provisionedAt);
                provisioned++;
                firstDone = Math.min(firstDone, t.provisionedAt);
                lastDone = Math.max(lastDone, t.provisionedAt);
            }
        }
        double perSecond = provisioned == 0 ? 0 : provisioned * 1000.0 / Math.max(1, lastDone - startMillis);
        return new StepResult(rate, count, accepted.get(), provisioned, perSecond, hops, peakRss,
                new java.util.TreeMap<>(outcomes), cpuUsed);
    }

    private static void record(Map<Hop, Histogram> hops, Hop hop, Long from, Long to) {
        if (from != null && to != null && from > 0 && to > 0) {
            hops.get(hop).recordValue(Math.max(0, to - from));
        }
    }

    /** Every event of the pipeline as it reaches Kafka, with the broker record's timestamp. */
    private void recordEvents() {
        EventWatch.watch(stack.kafkaBootstrapServers(), "benchmark", List.of(Topics.ORDER_EVENTS,
                Topics.ZUORA_EVENTS, Topics.SALESFORCE_EVENTS, Topics.NOTIFICATION_EVENTS), running::get,
                (record, event) -> {
                    OrderTimes times = byOrderId.computeIfAbsent(record.key(), id -> new OrderTimes());
                    times.onKafka.putIfAbsent(event.type(), record.timestamp());
                    if (event.type() == EventType.ORDER_PLACED) {
                        times.outboxAt = event.attributes().time().toEpochMilli();
                    }
                });
    }

    /**
     * When each order became Provisioned, from the projection's own table: asking order-api, as a partner
     * would, for hundreds of orders every few milliseconds would load the very service being measured.
     */
    private void readProvisioned() {
        PostgresServer.Database database = stack.database("order_api");
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password());
                PreparedStatement query = connection.prepareStatement(
                        "SELECT order_id::text, (extract(epoch FROM updated_at) * 1000)::bigint FROM order_status "
                                + "WHERE status = 'Provisioned' AND updated_at > now() - interval '10 minutes'")) {
            while (running.get()) {
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        OrderTimes t = byOrderId.get(rows.getString(1));
                        if (t != null && t.provisionedAt == 0) {
                            t.provisionedAt = rows.getLong(2);
                        }
                    }
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read order-api's projection", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String idOf(String body) {
        try {
            return StackClient.JSON.readTree(body).path("id").asText();
        } catch (IOException e) {
            throw new IllegalStateException("unreadable answer: " + body, e);
        }
    }

    private static String orderJson(String externalId, int n) {
        try {
            return StackClient.JSON.writeValueAsString(StackClient.order(externalId, Demo.TRADING_PARTNER_ID,
                    "customer" + n + "@bench.example"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * CPU used so far by each service, by PostgreSQL (all its processes) and by this JVM, which runs Kafka,
     * SMTP, the gateway and the load generator.
     */
    private Map<String, Long> cpu() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        stack.services().forEach((name, process) -> cpu.put(name, process.cpuMillis()));
        cpu.put("postgres (all processes)", ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(p -> Math.max(0, ProcessUsage.cpuMillis(p))).sum());
        cpu.put("this JVM: Kafka, SMTP, gateway, load generator", ProcessUsage.cpuMillis(ProcessHandle.current()));
        return cpu;
    }

    private Map<String, Long> rss() {
        Map<String, Long> rss = new LinkedHashMap<>();
        stack.services().forEach((name, process) -> rss.put(name, process.residentMemoryMib()));
        return rss;
    }

    private void writeReport(Path results, List<StepResult> steps, Map<String, Long> idleRss, Duration duration)
            throws IOException {
        Files.createDirectories(results);
        StringBuilder md = new StringBuilder();
        md.append("# Order pipeline benchmark\n\n");
        md.append("Run ").append(DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC)))
                .append(" with `./run-benchmark` on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(memTotal()).append(", Java ").append(System.getProperty("java.runtime.version"))
                .append(" (").append(System.getProperty("java.vm.vendor")).append("); every service ")
                .append(String.join(" ", ServiceProcess.JVM_OPTIONS))
                .append("; load generator, Kafka, PostgreSQL and SMTP in one JVM on the same cores. ")
                .append("Orders placed open loop at each rate for ").append(duration.toSeconds())
                .append(" s with `Prefer: respond-async`, sandboxes at zero added latency; latencies in ms, from the ")
                .append("Kafka records' timestamps and the projection's commit time (same clock). CPU per order is ")
                .append("each process's CPU time over the step, idle work included, divided by the orders provisioned.\n\n");
        md.append("| orders/s offered | sent | accepted | provisioned (within 90 s of the last) | provisioned/s |")
                .append(" POST→Provisioned p50 | p90 | p99 | max |\n|---|---|---|---|---|---|---|---|---|\n");
        for (StepResult s : steps) {
            Histogram total = s.hops().get(Hop.TOTAL);
            md.append(String.format("| %d | %d | %d | %d | %.1f | %d | %d | %d | %d |%n", s.rate(), s.sent(),
                    s.accepted(), s.provisioned(), s.provisionedPerSecond(), total.getValueAtPercentile(50),
                    total.getValueAtPercentile(90), total.getValueAtPercentile(99), total.getMaxValue()));
        }
        md.append("\nPOST outcomes: ");
        md.append(String.join("; ", steps.stream().map(s -> s.rate() + "/s: " + s.outcomes()).toList())).append("\n");
        md.append("\n## CPU per provisioned order (ms)\n\n| process |");
        steps.forEach(s -> md.append(" ").append(s.rate()).append(" orders/s |"));
        md.append("\n|---|").append("---|".repeat(steps.size())).append("\n");
        for (String process : steps.get(0).cpuMillis().keySet()) {
            md.append("| ").append(process).append(" |");
            steps.forEach(s -> md.append(String.format(" %.1f |", s.cpuMillis().get(process)
                    / (double) Math.max(1, s.provisioned()))));
            md.append("\n");
        }
        for (StepResult s : steps) {
            md.append("\n## ").append(s.rate()).append(" orders/s: each hop\n\n| hop | n | p50 | p90 | p99 | max |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (Hop hop : Hop.values()) {
                Histogram h = s.hops().get(hop);
                md.append(String.format("| %s | %d | %d | %d | %d | %d |%n", hop.description, h.getTotalCount(),
                        h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                        h.getMaxValue()));
            }
        }
        md.append("\n## Resident memory (MiB)\n\n| process | idle | peak under load |\n|---|---|---|\n");
        idleRss.forEach((name, idle) -> md.append(String.format("| %s | %d | %d |%n", name, idle,
                steps.stream().mapToLong(s -> s.peakRssMib().getOrDefault(name, -1L)).max().orElse(-1))));
        md.append("\n![POST to Provisioned](pipeline-latency.png)\n\n![p99 of each hop](pipeline-hops.png)\n");
        Files.writeString(results.resolve("report.md"), md.toString());

        XYChart latency = new XYChartBuilder().width(800).height(500).title("POST → Provisioned latency vs arrival rate")
                .xAxisTitle("orders/s offered").yAxisTitle("ms").build();
        List<Integer> rates = steps.stream().map(StepResult::rate).toList();
        for (double percentile : new double[] {50, 90, 99}) {
            latency.addSeries("p" + (int) percentile, rates, steps.stream()
                    .map(s -> s.hops().get(Hop.TOTAL).getValueAtPercentile(percentile)).toList());
        }
        BitmapEncoder.saveBitmap(latency, results.resolve("pipeline-latency.png").toString(),
                BitmapEncoder.BitmapFormat.PNG);
        CategoryChart hops = new CategoryChartBuilder().width(1000).height(500).title("p99 of each hop")
                .xAxisTitle("hop").yAxisTitle("ms").build();
        List<String> names = List.of(Hop.values()).stream().map(Enum::name).toList();
        for (StepResult s : steps) {
            hops.addSeries(s.rate() + " orders/s", names, List.of(Hop.values()).stream()
                    .map(h -> (Number) s.hops().get(h).getValueAtPercentile(99)).toList());
        }
        BitmapEncoder.saveBitmap(hops, results.resolve("pipeline-hops.png").toString(), BitmapEncoder.BitmapFormat.PNG);
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
