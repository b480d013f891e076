package com.gitlab.marketplace.deploy.benchmark;

import static com.gitlab.marketplace.deploy.benchmark.Threads.startThread;

import com.fasterxml.jackson.databind.JsonNode;
import com.gitlab.marketplace.deploy.local.Demo;
import com.gitlab.marketplace.deploy.local.LocalStack;
import com.gitlab.marketplace.deploy.local.ProcessUsage;
import com.gitlab.marketplace.deploy.local.ServiceProcess;
import com.gitlab.marketplace.deploy.local.StackClient;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import org.knowm.xchart.XYSeries;

/**
 * The order pipeline end to end, on the whole local stack as {@code ./run-local} runs it (every service its own
 * process, the sandboxes with no added latency, Kafka, SMTP and the gateway in this JVM, PostgreSQL beside):
 * <ol>
 *   <li><b>idle</b>: every process's CPU over a quiet minute, after a warm-up;</li>
 *   <li><b>burst</b>: 1,000 orders placed at once by 16 clients (each POSTs its next order as soon as the
 *       last was answered), from the first POST to the last {@code Provisioned};</li>
 *   <li><b>open loop</b>: 50 orders a second for 60 s, each POSTed at its scheduled moment whether or not
 *       earlier ones were answered (so a slow server cannot hide its queue), each timed from that moment to
 *       {@code Provisioned}.</li>
 * </ol>
 * For every order, the lag of each hop from the Kafka records' timestamps; for every phase, each process's CPU
 * per provisioned order, and the effects counted where they land: subscriptions in the Zuora sandbox,
 * opportunities in the Salesforce sandbox, emails at the SMTP server. Writes a Markdown report and PNG plots.
 */
public final class OrderPipelineBenchmark {

    /** The stages of one order, each measured from the one before it. */
    enum Hop {
        ACCEPTED("POST answered (scheduled start → 202)"),
        OUTBOX_TO_KAFKA("outbox commit → OrderPlaced on Kafka"),
        ZUORA("OrderPlaced → ZuoraSubscriptionCreated (step, sandbox, outbox)"),
        SALESFORCE("OrderPlaced → SalesforceRecordsCreated"),
        ACTIVATION("ZuoraSubscriptionCreated → ZuoraSubscriptionActivated (callout, or look-up)"),
        LICENSE("ZuoraSubscriptionActivated → LicenseNotificationSent (license, SMTP, outbox)"),
        PROJECTION("LicenseNotificationSent → status Provisioned committed (projection)"),
        TOTAL("POST scheduled → Provisioned");

        final String description;

        Hop(String description) {
            this.description = description;
        }
    }

    /** What happened to one order, in wall-clock milliseconds (all processes share this machine's clock). */
    private static final class OrderTimes {
        /** 0 until the POST was answered: events of earlier phases' orders may still arrive. */
        volatile long scheduledAt;
        volatile long answeredAt;
        volatile long outboxAt;
        volatile String customerEmail;
        final Map<EventType, Long> onKafka = new ConcurrentHashMap<>();
        volatile long provisionedAt;
        volatile boolean failed;
    }

    /**
     * Where each order's effects landed, counted in the sandboxes and at the SMTP server: how many orders got
     * exactly one of each, and how many got more than one (a duplicate effect) or none.
     */
    record Effects(int orders, int oneSubscription, int oneOpportunity, int oneEmail, int duplicated, int missing) {

        boolean exact() {
            return oneSubscription == orders && oneOpportunity == orders && oneEmail == orders;
        }

        @Override
        public String toString() {
            return String.format("%d orders: exactly one subscription %d, one opportunity %d, one email %d; "
                    + "duplicated %d, missing %d", orders, oneSubscription, oneOpportunity, oneEmail, duplicated,
                    missing);
        }
    }

    /** One phase's outcome. Times are wall-clock milliseconds. */
    record Phase(String name, String load, int sent, int accepted, int provisioned, int failed, long firstPostAt,
            long lastAnsweredAt, long lastProvisionedAt, Map<Hop, Histogram> hops, Map<String, Integer> outcomes,
            Map<String, Long> cpuMillis, Effects effects, List<long[]> timeline) {

        /** Orders provisioned per second, from the first POST to the last {@code Provisioned}. */
        double provisionedPerSecond() {
            return provisioned == 0 ? 0 : provisioned * 1000.0 / Math.max(1, lastProvisionedAt - firstPostAt);
        }

        /** Orders accepted per second, from the first POST to the last answer. */
        double acceptedPerSecond() {
            return accepted * 1000.0 / Math.max(1, lastAnsweredAt - firstPostAt);
        }

        Histogram total() {
            return hops.get(Hop.TOTAL);
        }
    }

    private static final String HARNESS = "this JVM: Kafka, SMTP, gateway, load generator";
    private static final String POSTGRES = "postgres (all processes)";

    private final LocalStack stack;
    private final StackClient client;
    // HTTP/1.1 as partners' integrations mostly speak it: one connection per request in flight. (Over h2c the
    // JDK client multiplexes onto one connection and fails requests past the server's stream limit.)
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, OrderTimes> byOrderId = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** The projection reader queries PostgreSQL only while a phase runs, so the idle figure excludes it. */
    private final AtomicBoolean watchingProjection = new AtomicBoolean();
    /** Each order's customer email, unique, so the SMTP server's messages can be counted per order. */
    private final Map<String, String> emailToOrder = new ConcurrentHashMap<>();
    private final String orders;
    private String token;
    /** Part of every external subscription id of the running phase: ids are new in every run. */
    private String phaseRun = "";

    OrderPipelineBenchmark(LocalStack stack) {
        this.stack = stack;
        this.client = new StackClient(stack.gatewayUrl());
        this.orders = stack.gatewayUrl() + "/api/v1/marketplace/subscriptions";
    }

    /** What to run: every phase is skipped when its size is 0. */
    record Plan(Duration idle, int burstOrders, int burstClients, int rate, Duration duration) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Duration idle = Duration.ofSeconds(60);
        int burst = 1000;
        int clients = 16;
        int rate = 50;
        Duration duration = Duration.ofSeconds(60);
        int portBase = 18800;
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                idle = Duration.ofSeconds(5);
                burst = 50;
                rate = 5;
                duration = Duration.ofSeconds(5);
            } else if (arg.startsWith("--idle=")) {
                idle = Duration.ofSeconds(Integer.parseInt(arg.substring(7)));
            } else if (arg.startsWith("--burst=")) {
                burst = Integer.parseInt(arg.substring(8));
            } else if (arg.startsWith("--clients=")) {
                clients = Integer.parseInt(arg.substring(10));
            } else if (arg.startsWith("--rate=")) {
                rate = Integer.parseInt(arg.substring(7));
            } else if (arg.startsWith("--duration=")) {
                duration = Duration.ofSeconds(Integer.parseInt(arg.substring(11)));
            } else if (arg.startsWith("--port-base=")) {
                portBase = Integer.parseInt(arg.substring(12));
            } else {
                System.err.println("usage: ./run-benchmark pipeline [--smoke] [--idle=60] [--burst=1000] "
                        + "[--clients=16] [--rate=50] [--duration=60] [--port-base=18800]   (seconds; 0 skips)");
                System.exit(2);
            }
        }
        Path root = LocalStack.projectRoot();
        Path results = root.resolve("deploy/benchmark/benchmark-results");
        Path home = root.resolve(".local-stack/benchmark");
        Files.createDirectories(home.resolve("logs"));
        try (LocalStack stack = new LocalStack(System.out, new LocalStack.Ports(portBase))) {
            // Ctrl+C or a kill stops the services too, not only a normal end.
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "benchmark-stack-stop"));
            stack.start(root, home.resolve("logs"));
            try (PrintStream demoLog = new PrintStream(Files.newOutputStream(home.resolve("logs/demo.log")), true,
                    StandardCharsets.UTF_8)) {
                Demo.Result demo = new Demo(stack, demoLog).run();
                // The burst sends 1,000 orders at once from the demo partner: far above its default limits.
                Demo.setLimits(stack, demo, 1_000_000);
                new OrderPipelineBenchmark(stack).run(demo, new Plan(idle, burst, clients, rate, duration), results);
            }
        }
        System.exit(0);
    }

    void run(Demo.Result demo, Plan plan, Path results) throws Exception {
        token = client.token(demo.clientId(), demo.clientSecret(), "marketplace.order:create").path("access_token")
                .asText();
        // "Sandboxes at zero added latency": Zuora's callout goes out at once.
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/callout-settings", Map.of("delayMs", 0));
        // Daemons: a phase that throws must not leave them keeping the JVM (and so the stack) alive.
        Thread consumer = new Thread(this::recordEvents, "benchmark-events");
        consumer.setDaemon(true);
        consumer.start();
        Thread poller = new Thread(this::readProjection, "benchmark-projection-reader");
        poller.setDaemon(true);
        poller.start();

        stack.say("warm-up: 10 orders/s for 10 s (not reported)");
        openLoop("warm-up", 10, Duration.ofSeconds(10));
        Map<String, Long> idleRss = rss();
        Map<String, Long> idleCpu = new LinkedHashMap<>();
        if (!plan.idle().isZero()) {
            // Let the warm-up's last work (its JIT compilation, its steps' clean-up) finish first.
            stack.say("idle: 20 s to settle, then every process's CPU over %d s", plan.idle().toSeconds());
            TimeUnit.SECONDS.sleep(20);
            Map<String, Long> before = cpu();
            TimeUnit.MILLISECONDS.sleep(plan.idle().toMillis());
            cpu().forEach((name, millis) -> idleCpu.put(name, millis - before.getOrDefault(name, 0L)));
            stack.say("  idle stack: %.1f %% of a core", percentOfCore(sum(idleCpu), plan.idle()));
        }
        List<Phase> phases = new ArrayList<>();
        if (plan.burstOrders() > 0) {
            stack.say("burst: %d orders placed by %d clients", plan.burstOrders(), plan.burstClients());
            phases.add(say(burst(plan.burstOrders(), plan.burstClients())));
        }
        if (plan.rate() > 0 && !plan.duration().isZero()) {
            stack.say("open loop: %d orders/s for %d s", plan.rate(), plan.duration().toSeconds());
            phases.add(say(openLoop("open loop", plan.rate(), plan.duration())));
        }
        running.set(false);
        consumer.join(10_000);
        poller.join(10_000);
        writeReport(results, plan, phases, idleCpu, idleRss);
        stack.say("report: %s", results.resolve("report.md"));
    }

    private Phase say(Phase phase) {
        stack.say("  %d sent, %d accepted (%.0f/s), %d provisioned (%.1f/s first POST → last Provisioned), "
                + "%d failed; POST→Provisioned p50 %d ms, p99 %d ms; %.1f ms CPU per order; %s", phase.sent(),
                phase.accepted(), phase.acceptedPerSecond(), phase.provisioned(), phase.provisionedPerSecond(),
                phase.failed(), phase.total().getValueAtPercentile(50), phase.total().getValueAtPercentile(99),
                sum(phase.cpuMillis()) / (double) Math.max(1, phase.provisioned()), phase.effects());
        return phase;
    }

    /** {@code count} orders as fast as {@code clients} clients can place them, each waiting for its answer. */
    private Phase burst(int count, int clients) throws InterruptedException {
        return phase("burst", count + " orders, " + clients + " clients", count, outcomes -> {
            AtomicInteger next = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                threads.add(startThread("benchmark-client-" + c, () -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long sentAt = System.currentTimeMillis();
                        try {
                            answered(outcomes, sentAt, http.send(post(i), HttpResponse.BodyHandlers.ofString()),
                                    null);
                        } catch (IOException e) {
                            answered(outcomes, sentAt, null, e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        });
    }

    /** {@code rate} orders a second for {@code duration}, each sent at its moment whatever the answers do. */
    private Phase openLoop(String name, int rate, Duration duration) throws InterruptedException {
        int count = (int) (rate * duration.toSeconds());
        return phase(name, rate + " orders/s for " + duration.toSeconds() + " s", count, outcomes -> {
            long intervalNanos = 1_000_000_000L / rate;
            long startNanos = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            for (int i = 0; i < count; i++) {
                long due = startNanos + i * intervalNanos;
                LockSupport.parkNanos(due - System.nanoTime());
                long scheduledAt = startMillis + (due - startNanos) / 1_000_000;
                http.sendAsync(post(i), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, failure) -> answered(outcomes, scheduledAt, response, failure));
            }
        });
    }

    /** How a phase places its orders; every answer goes to {@link #answered}. */
    private interface Placing {
        void place(Map<String, Integer> outcomes) throws InterruptedException;
    }

    private HttpRequest post(int i) {
        String externalId = "BENCH-" + phaseRun + "-" + i;
        return HttpRequest.newBuilder(URI.create(orders))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Prefer", "respond-async")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(orderJson(externalId, emailOf(externalId))))
                .build();
    }

    private static String emailOf(String externalId) {
        return externalId.toLowerCase() + "@bench.example";
    }

    private void answered(Map<String, Integer> outcomes, long scheduledAt, HttpResponse<String> response,
            Throwable failure) {
        outcomes.merge(failure != null ? String.valueOf(rootCause(failure)) : "HTTP " + response.statusCode(), 1,
                Integer::sum);
        if (response != null && (response.statusCode() == 202 || response.statusCode() == 201)) {
            JsonNode body = read(response.body());
            String orderId = body.path("id").asText();
            OrderTimes times = byOrderId.computeIfAbsent(orderId, id -> new OrderTimes());
            times.customerEmail = emailOf(body.path("externalSubscriptionId").asText());
            emailToOrder.put(times.customerEmail, orderId);
            times.answeredAt = System.currentTimeMillis();
            times.scheduledAt = scheduledAt;
        }
    }

    private Phase phase(String name, String load, int count, Placing placing) throws InterruptedException {
        byOrderId.clear();
        emailToOrder.clear();
        phaseRun = name.replace(' ', '-') + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        Map<String, Long> cpuBefore = cpu();
        long firstPostAt = System.currentTimeMillis();
        watchingProjection.set(true);
        List<long[]> timeline = new ArrayList<>();
        Thread sampler = startThread("benchmark-timeline", () -> sample(firstPostAt, timeline));
        placing.place(outcomes);
        // Every order answered, then every accepted one Provisioned or Failed; bounded so a stuck pipeline
        // still yields a report (its figures then say what did not finish).
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos() + Duration.ofMillis(count * 200L)
                .toNanos();
        while (System.nanoTime() < deadline && (outcomes.values().stream().mapToInt(Integer::intValue).sum() < count
                || byOrderId.values().stream().anyMatch(t -> t.scheduledAt > 0 && t.provisionedAt == 0
                        && !t.failed))) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        watchingProjection.set(false);
        sampler.interrupt();
        sampler.join();
        Map<String, Long> cpuUsed = new LinkedHashMap<>();
        cpu().forEach((process, millis) -> cpuUsed.put(process, millis - cpuBefore.getOrDefault(process, 0L)));

        Map<Hop, Histogram> hops = new EnumMap<>(Hop.class);
        for (Hop hop : Hop.values()) {
            hops.put(hop, new Histogram(3_600_000L, 3));
        }
        long lastAnswered = firstPostAt;
        long lastProvisioned = firstPostAt;
        int accepted = 0;
        int provisioned = 0;
        int failed = 0;
        for (OrderTimes t : byOrderId.values()) {
            if (t.scheduledAt == 0) {
                continue;
            }
            accepted++;
            lastAnswered = Math.max(lastAnswered, t.answeredAt);
            record(hops, Hop.ACCEPTED, t.scheduledAt, t.answeredAt);
            Long placed = t.onKafka.get(EventType.ORDER_PLACED);
            Long created = t.onKafka.get(EventType.ZUORA_SUBSCRIPTION_CREATED);
            Long activated = t.onKafka.get(EventType.ZUORA_SUBSCRIPTION_ACTIVATED);
            Long sent = t.onKafka.get(EventType.LICENSE_NOTIFICATION_SENT);
            record(hops, Hop.OUTBOX_TO_KAFKA, t.outboxAt, placed);
            record(hops, Hop.ZUORA, placed, created);
            record(hops, Hop.SALESFORCE, placed, t.onKafka.get(EventType.SALESFORCE_RECORDS_CREATED));
            record(hops, Hop.ACTIVATION, created, activated);
            record(hops, Hop.LICENSE, activated, sent);
            record(hops, Hop.PROJECTION, sent, t.provisionedAt);
            if (t.provisionedAt > 0) {
                record(hops, Hop.TOTAL, t.scheduledAt, t.provisionedAt);
                provisioned++;
                lastProvisioned = Math.max(lastProvisioned, t.provisionedAt);
            } else if (t.failed) {
                failed++;
            }
        }
        return new Phase(name, load, count, accepted, provisioned, failed, firstPostAt, lastAnswered,
                lastProvisioned, hops, new TreeMap<>(outcomes), cpuUsed, effects(), timeline);
    }

    /** Every 500 ms: seconds since the first POST, orders accepted so far, orders provisioned so far. */
    private void sample(long since, List<long[]> timeline) {
        try {
            while (true) {
                long now = System.currentTimeMillis();
                long accepted = byOrderId.values().stream().filter(t -> t.scheduledAt > 0).count();
                long provisioned = byOrderId.values().stream().filter(t -> t.scheduledAt > 0 && t.provisionedAt > 0)
                        .count();
                synchronized (timeline) {
                    timeline.add(new long[] {now - since, accepted, provisioned});
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        } catch (InterruptedException done) {
            Thread.currentThread().interrupt();
        }
    }

    /** The effects of this phase's orders, counted where they land. */
    private Effects effects() {
        Map<String, Integer> subscriptions = new HashMap<>();
        for (JsonNode subscription : client.plain("GET", stack.zuoraSandboxUrl() + "/sandbox/subscriptions", null)) {
            JsonNode orderId = subscription.findValue("MarketplaceOrderId__c");
            if (orderId != null) {
                subscriptions.merge(orderId.asText(), 1, Integer::sum);
            }
        }
        Map<String, Integer> opportunities = new HashMap<>();
        for (JsonNode opportunity : client.plain("GET", stack.salesforceSandboxUrl()
                + "/sandbox/records/Opportunity", null)) {
            opportunities.merge(opportunity.path("Marketplace_Order_Id__c").asText(), 1, Integer::sum);
        }
        Map<String, Integer> emails = new HashMap<>();
        for (MimeMessage message : stack.smtp().receivedMessages()) {
            try {
                for (Address recipient : message.getAllRecipients()) {
                    String orderId = emailToOrder.get(recipient.toString());
                    if (orderId != null) {
                        emails.merge(orderId, 1, Integer::sum);
                    }
                }
            } catch (MessagingException unreadable) {
                // Not one of ours.
            }
        }
        int orders = 0;
        int oneSubscription = 0;
        int oneOpportunity = 0;
        int oneEmail = 0;
        int duplicated = 0;
        int missing = 0;
        for (var order : byOrderId.entrySet()) {
            if (order.getValue().scheduledAt == 0) {
                continue;
            }
            orders++;
            List<Integer> counts = List.of(subscriptions.getOrDefault(order.getKey(), 0),
                    opportunities.getOrDefault(order.getKey(), 0), emails.getOrDefault(order.getKey(), 0));
            oneSubscription += counts.get(0) == 1 ? 1 : 0;
            oneOpportunity += counts.get(1) == 1 ? 1 : 0;
            oneEmail += counts.get(2) == 1 ? 1 : 0;
            duplicated += counts.stream().anyMatch(n -> n > 1) ? 1 : 0;
            missing += counts.stream().anyMatch(n -> n == 0) ? 1 : 0;
        }
        return new Effects(orders, oneSubscription, oneOpportunity, oneEmail, duplicated, missing);
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
     * When each order became Provisioned (or Failed), from the projection's own table: asking order-api, as a
     * partner would, for hundreds of orders every few milliseconds would load the very service being measured.
     */
    private void readProjection() {
        PostgresServer.Database database = stack.database("order_api");
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password());
                PreparedStatement query = connection.prepareStatement(
                        "SELECT order_id::text, status, (extract(epoch FROM updated_at) * 1000)::bigint "
                                + "FROM order_status WHERE status IN ('Provisioned', 'Failed') "
                                + "AND updated_at > now() - interval '3 minutes'")) {
            while (running.get()) {
                if (watchingProjection.get()) {
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            OrderTimes t = byOrderId.get(rows.getString(1));
                            if (t == null) {
                                continue;
                            }
                            if (rows.getString(2).equals("Failed")) {
                                t.failed = true;
                            } else if (t.provisionedAt == 0) {
                                t.provisionedAt = rows.getLong(3);
                            }
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

    private static JsonNode read(String body) {
        try {
            return StackClient.JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable answer: " + body, e);
        }
    }

    private static String orderJson(String externalId, String customerEmail) {
        try {
            return StackClient.JSON.writeValueAsString(StackClient.order(externalId, Demo.TRADING_PARTNER_ID,
                    customerEmail));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * CPU used so far by each service and sandbox, by PostgreSQL (all its processes) and by this JVM, which runs
     * Kafka, SMTP, the gateway and the load generator.
     */
    private Map<String, Long> cpu() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        stack.services().forEach((name, process) -> cpu.put(name, process.cpuMillis()));
        cpu.put(POSTGRES, ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(p -> Math.max(0, ProcessUsage.cpuMillis(p))).sum());
        cpu.put(HARNESS, ProcessUsage.cpuMillis(ProcessHandle.current()));
        return cpu;
    }

    private static long sum(Map<String, Long> cpuMillis) {
        return cpuMillis.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The platform's own processes: the services and PostgreSQL, not the sandboxes or this harness. */
    private static long platform(Map<String, Long> cpuMillis) {
        return cpuMillis.entrySet().stream().filter(e -> !e.getKey().contains("sandbox") && !e.getKey().equals(HARNESS))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static double percentOfCore(long cpuMillis, Duration over) {
        return cpuMillis * 100.0 / over.toMillis();
    }

    private Map<String, Long> rss() {
        Map<String, Long> rss = new LinkedHashMap<>();
        stack.services().forEach((name, process) -> rss.put(name, process.residentMemoryMib()));
        return rss;
    }

    private void writeReport(Path results, Plan plan, List<Phase> phases, Map<String, Long> idleCpu,
            Map<String, Long> idleRss) throws IOException {
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
        Phase burst = phases.stream().filter(p -> p.name().equals("burst")).findFirst().orElse(null);
        Phase open = phases.stream().filter(p -> p.name().equals("open loop")).findFirst().orElse(null);
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
        for (Phase phase : phases) {
            md.append(String.format("| CPU per provisioned order, summed over processes (%s) | 156–242 ms | "
                    + "**%.1f ms** all (platform %.1f ms) | ≤ 20 ms |%n", phase.name(),
                    sum(phase.cpuMillis()) / (double) Math.max(1, phase.provisioned()),
                    platform(phase.cpuMillis()) / (double) Math.max(1, phase.provisioned())));
        }

        md.append("\n## Phases\n\n| phase | load | sent | accepted | accepted/s | provisioned | failed | ")
                .append("provisioned/s | POST→Provisioned p50 | p90 | p99 | max | POST outcomes |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Phase p : phases) {
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

        for (Phase p : phases) {
            md.append("\n## ").append(p.name()).append(" (").append(p.load()).append("): each hop\n\n")
                    .append("| hop | n | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n");
            for (Hop hop : Hop.values()) {
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
        for (Phase p : phases) {
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
            List<String> names = List.of(Hop.values()).stream().map(Enum::name).toList();
            for (Phase p : phases) {
                hops.addSeries(p.name(), names, List.of(Hop.values()).stream()
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
