package com.gitlab.marketplace.deploy.benchmark;

import static com.gitlab.marketplace.deploy.benchmark.PipelineCpu.percentOfCore;
import static com.gitlab.marketplace.deploy.benchmark.PipelineCpu.sum;
import static com.gitlab.marketplace.deploy.benchmark.Threads.startThread;

import com.fasterxml.jackson.databind.JsonNode;
import com.gitlab.marketplace.deploy.local.Demo;
import com.gitlab.marketplace.deploy.local.LocalStack;
import com.gitlab.marketplace.deploy.local.StackClient;
import com.gitlab.marketplace.deploy.local.StackPorts;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.oauth.scopes.Scopes;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

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

    private final LocalStack stack;
    private final StackClient client;
    // HTTP/1.1 as partners' integrations mostly speak it: one connection per request in flight. (Over h2c the
    // JDK client multiplexes onto one connection and fails requests past the server's stream limit.)
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, OrderTimes> byOrderId = new ConcurrentHashMap<>();
    private final PipelineWatch watch;
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
        this.watch = new PipelineWatch(stack, byOrderId);
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
        try (LocalStack stack = new LocalStack(System.out, new StackPorts(portBase))) {
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
        token = client.token(demo.clientId(), demo.clientSecret(), Scopes.ORDER_CREATE).path("access_token")
                .asText();
        // "Sandboxes at zero added latency": Zuora's callout goes out at once.
        client.plain("PUT", stack.zuoraSandboxUrl() + "/sandbox/callout-settings", Map.of("delayMs", 0));
        watch.start();

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
        List<PipelinePhase> phases = new ArrayList<>();
        if (plan.burstOrders() > 0) {
            stack.say("burst: %d orders placed by %d clients", plan.burstOrders(), plan.burstClients());
            phases.add(say(burst(plan.burstOrders(), plan.burstClients())));
        }
        if (plan.rate() > 0 && !plan.duration().isZero()) {
            stack.say("open loop: %d orders/s for %d s", plan.rate(), plan.duration().toSeconds());
            phases.add(say(openLoop("open loop", plan.rate(), plan.duration())));
        }
        watch.stop();
        PipelineReport.write(results, plan, phases, idleCpu, idleRss);
        stack.say("report: %s", results.resolve("report.md"));
    }

    private PipelinePhase say(PipelinePhase phase) {
        stack.say("  %d sent, %d accepted (%.0f/s), %d provisioned (%.1f/s first POST → last Provisioned), "
                + "%d failed; POST→Provisioned p50 %d ms, p99 %d ms; %.1f ms CPU per order; %s", phase.sent(),
                phase.accepted(), phase.acceptedPerSecond(), phase.provisioned(), phase.provisionedPerSecond(),
                phase.failed(), phase.total().getValueAtPercentile(50), phase.total().getValueAtPercentile(99),
                sum(phase.cpuMillis()) / (double) Math.max(1, phase.provisioned()), phase.effects());
        return phase;
    }

    /** {@code count} orders as fast as {@code clients} clients can place them, each waiting for its answer. */
    private PipelinePhase burst(int count, int clients) throws InterruptedException {
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
    private PipelinePhase openLoop(String name, int rate, Duration duration) throws InterruptedException {
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

    private PipelinePhase phase(String name, String load, int count, Placing placing) throws InterruptedException {
        byOrderId.clear();
        emailToOrder.clear();
        phaseRun = name.replace(' ', '-') + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        Map<String, Long> cpuBefore = cpu();
        long firstPostAt = System.currentTimeMillis();
        watch.watchProjection(true);
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
        watch.watchProjection(false);
        sampler.interrupt();
        sampler.join();
        Map<String, Long> cpuUsed = new LinkedHashMap<>();
        cpu().forEach((process, millis) -> cpuUsed.put(process, millis - cpuBefore.getOrDefault(process, 0L)));

        Map<PipelineHop, Histogram> hops = new EnumMap<>(PipelineHop.class);
        for (PipelineHop hop : PipelineHop.values()) {
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
            record(hops, PipelineHop.ACCEPTED, t.scheduledAt, t.answeredAt);
            Long placed = t.onKafka.get(EventType.ORDER_PLACED);
            Long created = t.onKafka.get(EventType.ZUORA_SUBSCRIPTION_CREATED);
            Long activated = t.onKafka.get(EventType.ZUORA_SUBSCRIPTION_ACTIVATED);
            Long sent = t.onKafka.get(EventType.LICENSE_NOTIFICATION_SENT);
            record(hops, PipelineHop.OUTBOX_TO_KAFKA, t.outboxAt, placed);
            record(hops, PipelineHop.ZUORA, placed, created);
            record(hops, PipelineHop.SALESFORCE, placed, t.onKafka.get(EventType.SALESFORCE_RECORDS_CREATED));
            record(hops, PipelineHop.ACTIVATION, created, activated);
            record(hops, PipelineHop.LICENSE, activated, sent);
            record(hops, PipelineHop.PROJECTION, sent, t.provisionedAt);
            if (t.provisionedAt > 0) {
                record(hops, PipelineHop.TOTAL, t.scheduledAt, t.provisionedAt);
                provisioned++;
                lastProvisioned = Math.max(lastProvisioned, t.provisionedAt);
            } else if (t.failed) {
                failed++;
            }
        }
        return new PipelinePhase(name, load, count, accepted, provisioned, failed, firstPostAt, lastAnswered,
                lastProvisioned, hops, new TreeMap<>(outcomes), cpuUsed,
                PipelineEffects.count(stack, client, byOrderId, emailToOrder), timeline);
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

    private static void record(Map<PipelineHop, Histogram> hops, PipelineHop hop, Long from, Long to) {
        if (from != null && to != null && from > 0 && to > 0) {
            hops.get(hop).recordValue(Math.max(0, to - from));
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

    /** Each process's CPU so far, as {@link PipelineCpu#byProcess} counts it. */
    private Map<String, Long> cpu() {
        return PipelineCpu.byProcess(stack);
    }

    private Map<String, Long> rss() {
        Map<String, Long> rss = new LinkedHashMap<>();
        stack.services().forEach((name, process) -> rss.put(name, process.residentMemoryMib()));
        return rss;
    }
}
