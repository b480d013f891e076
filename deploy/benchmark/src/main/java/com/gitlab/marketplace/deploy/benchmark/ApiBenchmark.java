package com.gitlab.marketplace.deploy.benchmark;

import com.gitlab.marketplace.deploy.local.Demo;
import com.gitlab.marketplace.deploy.local.LocalStack;
import com.gitlab.marketplace.deploy.local.ServiceProcess;
import com.gitlab.marketplace.deploy.local.StackClient;
import com.gitlab.marketplace.deploy.local.StackPorts;
import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import com.gitlab.marketplace.oauth.scopes.Scopes;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The partner API's hot paths beside their anchors, in one run on one machine (ARCHITECTURE.md, "Measured on
 * this machine"): token grants from token-service and from Keycloak under the same load; the order POST
 * against the same rows committed straight to PostgreSQL with prepared statements; the status GET against the
 * same point select. Services are called on their own ports (not through the gateway), as the anchors are.
 * Writes {@code deploy/benchmark/benchmark-results/api-report.md} and its plots.
 */
public final class ApiBenchmark {

    private static final List<Integer> CONCURRENCY = List.of(1, 4, 16, 64);
    private static final List<Integer> TOKEN_RATES = List.of(500, 1000, 2000, 4000);
    private static final List<Integer> ORDER_RATES = List.of(500, 1000);
    private static final int ANCHOR_CLIENTS = 16;
    private static final String PIPELINE_RUNNING = "order POST (respond-async), pipeline running";

    private final LocalStack stack;
    private final KeycloakAnchor keycloak;
    private final LoadGenerator load = new LoadGenerator();
    private final Duration duration;
    private final Map<String, Long> peakRss = new LinkedHashMap<>();
    private final Map<String, Histogram> outboxLags = new LinkedHashMap<>();

    private ApiBenchmark(LocalStack stack, KeycloakAnchor keycloak, Duration duration) {
        this.stack = stack;
        this.keycloak = keycloak;
        this.duration = duration;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Duration duration = Duration.ofSeconds(10);
        int portBase = 18800;
        Path distribution = null;
        boolean readsOnly = false;
        for (String arg : args) {
            if (arg.startsWith("--duration=")) {
                duration = Duration.ofSeconds(Integer.parseInt(arg.substring(11)));
            } else if (arg.startsWith("--port-base=")) {
                portBase = Integer.parseInt(arg.substring(12));
            } else if (arg.equals("--only=reads")) {
                readsOnly = true;
            } else if (arg.startsWith("--keycloak=")) {
                distribution = Path.of(arg.substring(11));
            } else {
                System.err.println("usage: ./run-benchmark api [--duration=<seconds per step>] [--port-base=18800] "
                        + "[--only=reads: the status GET and its anchor, printed, no report]");
                System.exit(2);
            }
        }
        if (!readsOnly && (distribution == null || !Files.isRegularFile(distribution))) {
            System.err.println("the Keycloak distribution is missing (--keycloak=<keycloak-quarkus-dist tar.gz>); "
                    + "./run-benchmark api fetches it");
            System.exit(2);
        }
        Path root = LocalStack.projectRoot();
        Path home = root.resolve(".local-stack/benchmark");
        Files.createDirectories(home.resolve("logs"));
        try (LocalStack stack = new LocalStack(System.out, new StackPorts(portBase))) {
            // Ctrl+C or a kill stops the services too, not only a normal end.
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "benchmark-stack-stop"));
            stack.start(root, home.resolve("logs"));
            Demo.Result demo;
            try (PrintStream demoLog = new PrintStream(Files.newOutputStream(home.resolve("logs/demo.log")), true,
                    StandardCharsets.UTF_8)) {
                demo = new Demo(stack, demoLog).run();
            }
            // Far above the load here, so every call is served and still takes from the partner's buckets.
            Demo.setLimits(stack, demo, 1_000_000);
            if (readsOnly) {
                ApiBenchmark benchmark = new ApiBenchmark(stack, null, duration);
                try {
                    benchmark.statusReads(benchmark.token(demo), new PostgresAnchors(stack.database("order_api")),
                            new ArrayList<>());
                } finally {
                    benchmark.load.close();
                }
                System.exit(0);
            }
            stack.say("starting Keycloak %s (the token anchor)", KeycloakAnchor.VERSION);
            try (KeycloakAnchor keycloak = KeycloakAnchor.start(distribution, home, portBase + 90,
                    home.resolve("logs/keycloak.log"))) {
                ApiBenchmark benchmark = new ApiBenchmark(stack, keycloak, duration);
                try {
                    benchmark.run(demo, root.resolve("deploy/benchmark/benchmark-results"));
                } finally {
                    benchmark.load.close();
                }
            }
        }
        System.exit(0);
    }

    /** One measured line of the report. */
    record Step(String scenario, String target, String load, LoadGenerator.Result result) {
    }

    private void run(Demo.Result demo, Path results) throws Exception {
        Map<String, Long> idleRss = rss();
        List<Step> steps = new ArrayList<>();
        String basic = "Basic " + Base64.getEncoder().encodeToString((demo.clientId() + ":" + demo.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        String keycloakBasic = "Basic " + Base64.getEncoder().encodeToString((KeycloakAnchor.CLIENT_ID + ":"
                + KeycloakAnchor.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        LoadGenerator.HttpCall ours = new LoadGenerator.HttpCall(HttpMethod.POST,
                URI.create(stack.tokenServiceUrl() + "/oauth/token"), Map.of("Authorization", basic,
                "Content-Type", "application/x-www-form-urlencoded"),
                n -> "grant_type=client_credentials&scope=marketplace.order%3Acreate");
        LoadGenerator.HttpCall theirs = new LoadGenerator.HttpCall(HttpMethod.POST, keycloak.tokenUrl(),
                Map.of("Authorization", keycloakBasic, "Content-Type", "application/x-www-form-urlencoded"),
                n -> "grant_type=client_credentials");

        Map<String, LoadGenerator.HttpCall> tokenTargets = new LinkedHashMap<>();
        // Keycloak first, once its start-up work is over; ours after, with Keycloak idle again.
        keycloak.awaitIdle(Duration.ofSeconds(90));
        tokenTargets.put("Keycloak " + KeycloakAnchor.VERSION, theirs);
        tokenTargets.put("token-service", ours);
        for (var target : tokenTargets.entrySet()) {
            say("token grants, %s: warm-up", target.getKey());
            load.closedLoop(target.getValue(), 16, Duration.ofSeconds(10));
            for (int clients : CONCURRENCY) {
                steps.add(measure("token", target.getKey(), clients + " clients",
                        load.closedLoop(target.getValue(), clients, duration)));
            }
            for (int rate : TOKEN_RATES) {
                steps.add(measure("token open loop", target.getKey(), rate + "/s",
                        load.openLoop(target.getValue(), rate, duration)));
            }
            keycloak.awaitIdle(Duration.ofSeconds(60));
        }

        String token = token(demo);
        PostgresAnchors orderApi = new PostgresAnchors(stack.database("order_api"));
        statusReads(token, orderApi, steps);

        String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase();
        AtomicLong orderNumber = new AtomicLong();
        LoadGenerator.HttpCall place = new LoadGenerator.HttpCall(HttpMethod.POST, URI.create(stack.orderApiUrl()
                + "/api/v1/marketplace/subscriptions"), Map.of("Authorization", "Bearer " + token,
                "Content-Type", "application/json", "Prefer", "respond-async"),
                // A new order every time, across steps: a repeated id would be an idempotent replay, far cheaper.
                n -> json(StackClient.order("BENCH-" + run + "-" + orderNumber.incrementAndGet(),
                        Demo.TRADING_PARTNER_ID, "bench@acme.example")));

        // Order acceptance as partners meet it: the downstream services work off every order placed here, on
        // the same two cores, while order-api takes more.
        say("order POSTs, pipeline running: warm-up");
        load.closedLoop(place, 16, Duration.ofSeconds(5));
        steps.add(measure(PIPELINE_RUNNING, "order-api", "16 clients", load.closedLoop(place, 16, duration)));

        // The downstream services would work off every order placed here on the same two cores: stop them, so
        // the next order steps measure order-api (its transaction and its outbox relay) and PostgreSQL alone.
        for (String downstream : List.of("zuora-connector", "salesforce-connector", "notification-service")) {
            stack.service(downstream).kill();
        }
        // The pipeline step's orders still queued in order-api's outbox would slow the next steps down.
        awaitOutboxDrained(Duration.ofMinutes(2));
        try (OutboxLag outbox = new OutboxLag(stack.kafkaBootstrapServers())) {
            say("order POSTs: warm-up");
            load.closedLoop(place, 16, Duration.ofSeconds(5));
            Thread.sleep(2_000); // the warm-up's last events reach Kafka
            outbox.sinceLastCall();
            for (int clients : CONCURRENCY) {
                steps.add(measure("order POST (respond-async)", "order-api", clients + " clients",
                        load.closedLoop(place, clients, duration)));
                Thread.sleep(2_000);
                outboxLags.put(clients + " clients", outbox.sinceLastCall());
            }
            for (int rate : ORDER_RATES) {
                steps.add(measure("order POST open loop", "order-api", rate + "/s", load.openLoop(place, rate,
                        duration)));
                Thread.sleep(2_000);
                outboxLags.put(rate + "/s", outbox.sinceLastCall());
            }
        }
        steps.add(measure("order POST (respond-async)", "PostgreSQL, the same three rows", ANCHOR_CLIENTS
                + " clients", orderApi.orderTransactions(Demo.PARTNER_ID, ANCHOR_CLIENTS, duration)));

        writeReport(results, steps, idleRss);
        say("report: %s", results.resolve("api-report.md"));
    }

    private String token(Demo.Result demo) {
        return new StackClient(stack.gatewayUrl()).token(demo.clientId(), demo.clientSecret(),
                Scopes.ORDER_CREATE).path("access_token").asText();
    }

    /**
     * The status GET at each concurrency, then its anchor. Each GET also takes a call from the partner's read limit
     * (its bucket in PostgreSQL, API.md §2.8); the demo partner's limits are raised so that none is refused.
     */
    private void statusReads(String token, PostgresAnchors orderApi, List<Step> steps) throws Exception {
        LoadGenerator.HttpCall status = new LoadGenerator.HttpCall(HttpMethod.GET, URI.create(stack.orderApiUrl()
                + "/api/v1/marketplace/subscriptions/" + Demo.EXTERNAL_SUBSCRIPTION_ID),
                Map.of("Authorization", "Bearer " + token), null);
        say("status reads: warm-up");
        load.closedLoop(status, 16, Duration.ofSeconds(10));
        for (int clients : CONCURRENCY) {
            steps.add(measure("status GET", "order-api", clients + " clients", load.closedLoop(status, clients,
                    duration)));
        }
        steps.add(measure("status GET", "PostgreSQL point select", ANCHOR_CLIENTS + " clients",
                orderApi.pointSelects(Demo.PARTNER_ID, Demo.EXTERNAL_SUBSCRIPTION_ID, ANCHOR_CLIENTS, duration)));
    }

    private Step measure(String scenario, String target, String load, LoadGenerator.Result result) {
        rss().forEach((name, mib) -> peakRss.merge(name, mib, Math::max));
        say("%s, %s, %s: %.0f/s, p50 %.2f ms, p99 %.2f ms, %d failed", scenario, target, load, result.perSecond(),
                result.percentileMillis(50), result.percentileMillis(99), result.failed());
        return new Step(scenario, target, load, result);
    }

    /** Until order-api's relay has published (and cleared) every queued event, at most {@code max}. */
    private void awaitOutboxDrained(Duration max) throws SQLException, InterruptedException {
        PostgresServer.Database database = stack.database("order_api");
        long deadline = System.nanoTime() + max.toNanos();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password());
                PreparedStatement queued = connection.prepareStatement("SELECT count(*) FROM outbox_event")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = queued.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(250);
            }
        }
        say("order-api's outbox still held events after %d s; the next steps start anyway", max.toSeconds());
    }

    private Map<String, Long> rss() {
        Map<String, Long> rss = new LinkedHashMap<>();
        stack.services().forEach((name, process) -> rss.put(name, process.residentMemoryMib()));
        if (keycloak != null) { // none with --only=reads
            rss.put("Keycloak", keycloak.residentMemoryMib());
        }
        return rss;
    }

    private static String json(Object value) {
        try {
            return StackClient.JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void say(String format, Object... args) {
        stack.say(format, args);
    }


    private Step find(List<Step> steps, String scenario, String target, String load) {
        return steps.stream().filter(s -> s.scenario().equals(scenario) && s.target().startsWith(target)
                && s.load().equals(load)).findFirst().orElseThrow();
    }

    private void writeReport(Path results, List<Step> steps, Map<String, Long> idleRss) throws IOException {
        Files.createDirectories(results);
        String c16 = "16 clients";
        StringBuilder md = new StringBuilder("# Partner API benchmark, beside its anchors\n\n");
        md.append("Run ").append(DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC)))
                .append(" with `./run-benchmark api` on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.runtime.version")).append(" (")
                .append(System.getProperty("java.vm.vendor")).append(") for the services, each ")
                .append(String.join(" ", ServiceProcess.JVM_OPTIONS))
                .append(" with the native crypto provider (libs/crypto-provider); Keycloak ")
                .append(KeycloakAnchor.VERSION).append(" `start-dev` on Temurin 25, `-Xmx512m`. Load generator ")
                .append("(Vert.x HTTP client, JDBC for the anchors), Kafka and PostgreSQL on the same cores. ")
                .append(duration.toSeconds()).append(" s per step after a warm-up; services on their own ports. ")
                .append("Latencies in ms; open-loop ones count from each request's scheduled time.\n\n");
        Step ourToken = find(steps, "token", "token-service", c16);
        Step keycloakToken = find(steps, "token", "Keycloak", c16);
        Step ourGet = find(steps, "status GET", "order-api", c16);
        Step select = find(steps, "status GET", "PostgreSQL", c16);
        Step ourPost = find(steps, "order POST (respond-async)", "order-api", c16);
        Step insert = find(steps, "order POST (respond-async)", "PostgreSQL", c16);
        md.append("## Against the goals (16 clients)\n\n| path | ours /s | p99 | anchor | anchor /s | ratio |")
                .append(" goal |\n|---|---|---|---|---|---|---|\n");
        goal(md, "`POST /oauth/token`", ourToken, keycloakToken, "≥ 5× Keycloak, p99 < 10 ms");
        goal(md, "`POST /subscriptions` (`Prefer: respond-async`)", ourPost, insert,
                "≥ 0.5× the same rows straight to PostgreSQL, p99 < 50 ms");
        goal(md, "`GET /subscriptions/{id}`", ourGet, select, "≥ 0.3× the point select, p99 < 10 ms");
        goal(md, "`POST /subscriptions`, the pipeline working off every order on the same cores",
                find(steps, PIPELINE_RUNNING, "order-api", c16), insert, "(reported beside the isolated figure)");
        Histogram lagAtGoal = outboxLags.get("1000/s");
        md.append(String.format("| outbox commit → record on Kafka, at 1,000 orders/s offered | %d events | %d | "
                + "(the relay) | | | p99 < 50 ms |%n", lagAtGoal.getTotalCount(), lagAtGoal.getValueAtPercentile(99)));
        md.append("\n## Outbox → Kafka during the order steps (ms)\n\nFrom the `OrderPlaced` event's time (set in ")
                .append("the transaction, just before its commit) to the Kafka record's timestamp (set when the relay ")
                .append("sends it).\n\n| order load | events | p50 | p90 | p99 | max |\n|---|---|---|---|---|---|\n");
        outboxLags.forEach((load, lag) -> md.append(String.format("| %s | %d | %d | %d | %d | %d |%n", load,
                lag.getTotalCount(), lag.getValueAtPercentile(50), lag.getValueAtPercentile(90),
                lag.getValueAtPercentile(99), lag.getMaxValue())));
        md.append("\n## Every step\n\n| scenario | target | load | completed/s | failed | p50 | p90 | p99 | max |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (Step step : steps) {
            LoadGenerator.Result r = step.result();
            md.append(String.format("| %s | %s | %s | %.0f | %d | %.2f | %.2f | %.2f | %.1f |%n", step.scenario(),
                    step.target(), step.load(), r.perSecond(), r.failed(), r.percentileMillis(50),
                    r.percentileMillis(90), r.percentileMillis(99), r.percentileMillis(100)));
        }
        md.append("\n## Resident memory (MiB)\n\n| process | idle | peak under load |\n|---|---|---|\n");
        idleRss.forEach((name, idle) -> md.append(String.format("| %s | %d | %d |%n", name, idle,
                peakRss.getOrDefault(name, -1L))));
        md.append("\n![token grants vs concurrency](api-token-throughput.png)\n\n")
                .append("![token grant latency vs arrival rate](api-token-latency.png)\n");
        Files.writeString(results.resolve("api-report.md"), md.toString());

        XYChart throughput = new XYChartBuilder().width(800).height(500).title("Token grants vs concurrency")
                .xAxisTitle("concurrent clients").yAxisTitle("grants/s").build();
        XYChart latency = new XYChartBuilder().width(800).height(500)
                .title("Token grant latency vs arrival rate (open loop)").xAxisTitle("grants/s offered")
                .yAxisTitle("ms").build();
        latency.getStyler().setYAxisLogarithmic(true);
        for (String target : List.of("token-service", "Keycloak")) {
            List<Step> closed = steps.stream().filter(s -> s.scenario().equals("token")
                    && s.target().startsWith(target)).toList();
            throughput.addSeries(target, closed.stream().map(s -> Integer.parseInt(s.load().split(" ")[0])).toList(),
                    closed.stream().map(s -> s.result().perSecond()).toList());
            List<Step> open = steps.stream().filter(s -> s.scenario().equals("token open loop")
                    && s.target().startsWith(target)).toList();
            List<Integer> rates = open.stream().map(s -> Integer.parseInt(s.load().replace("/s", ""))).toList();
            for (double percentile : new double[] {50, 99}) {
                latency.addSeries(target + " p" + (int) percentile, rates, open.stream()
                        .map(s -> Math.max(0.01, s.result().percentileMillis(percentile))).toList());
            }
        }
        BitmapEncoder.saveBitmap(throughput, results.resolve("api-token-throughput.png").toString(),
                BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(latency, results.resolve("api-token-latency.png").toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }

    private static void goal(StringBuilder md, String path, Step ours, Step anchor, String goal) {
        md.append(String.format("| %s | %.0f | %.2f | %s | %.0f | **%.2f×** | %s |%n", path,
                ours.result().perSecond(), ours.result().percentileMillis(99), anchor.target(),
                anchor.result().perSecond(), ours.result().perSecond() / anchor.result().perSecond(), goal));
    }
}
