package com.gitlab.marketplace.deploy.local;

import com.gitlab.marketplace.infrastructure.embedded.KafkaBroker;
import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import com.gitlab.marketplace.infrastructure.embedded.SmtpFront;
import com.gitlab.marketplace.infrastructure.embedded.SmtpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform on embedded defaults: a real PostgreSQL (logical decoding on), a real Kafka broker
 * (KRaft) and an SMTP server in this JVM, and every service as its own process. Then it runs the demo.
 *
 * <p>Secrets are generated per run and printed: this is a local demo, never a deployment.
 */
public final class LocalStack implements AutoCloseable {

    /** The Zuora customer account the sandbox tenant has, and the demo partner's orders are invoiced to. */
    static final String ZUORA_INVOICE_OWNER = "A00001234";

    private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(120);

    private final PrintStream out;
    private final StackPorts ports;
    private final long startedAt = System.nanoTime();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final String operatorId = "operator";
    private final String operatorSecret = randomSecret();
    private Path logDirectory;
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private Gateway gateway;
    private SmtpServer smtp;
    private SmtpFront smtpFront;
    private Path mailDirectory;

    public LocalStack(PrintStream out, StackPorts ports) {
        this.out = out;
        this.ports = ports;
    }

    public void start(Path projectRoot, Path logDirectory) throws Exception {
        this.logDirectory = logDirectory;
        Files.createDirectories(logDirectory);
        requireFreePorts();
        startInfrastructure();
        startGateway();
        startPartnerFacingServices(projectRoot);
        startZuora(projectRoot);
        startSalesforce(projectRoot);
        startNotifications(projectRoot);
        say("all %d services are ready", services.size());
    }

    /** PostgreSQL, Kafka and the mail server, in this JVM. */
    private void startInfrastructure() throws IOException {
        say("starting embedded PostgreSQL (wal_level=logical), Kafka (KRaft) and SMTP");
        postgres = PostgresServer.start(0, null);
        running.add(postgres::stop);
        kafka = KafkaBroker.start();
        running.add(kafka::stop);
        smtp = SmtpServer.start(0);
        running.add(smtp::stop);
        smtpFront = SmtpFront.start(smtp); // where the tests make the mail server fail
        running.add(smtpFront::close);
        say("PostgreSQL localhost:%d, Kafka %s, SMTP %s:%d are ready", postgres.port(), kafka.bootstrapServers(),
                smtpFront.host(), smtpFront.port());
    }

    /** The partner host first: tokens name it as their issuer, and services discover token-service through it. */
    private void startGateway() throws IOException {
        Map<String, Integer> routes = new LinkedHashMap<>();
        // The chart's partner paths (marketplace.partnerPaths), matched like an Ingress's Prefix paths.
        routes.put("/oauth", ports.tokenService());
        routes.put("/.well-known", ports.tokenService());
        routes.put("/api/v1/marketplace", ports.orderApi());
        routes.put("/openapi", ports.orderApi()); // the document
        routes.put("/openapi-docs", ports.orderApi()); // the UI's earlier path, a redirect
        routes.put("/openapi_docs", ports.orderApi()); // the UI
        routes.put("/api/v1/zuora/callouts", ports.zuoraConnector());
        routes.put("/api/v1/licenses/public-keys", ports.notificationService());
        gateway = Gateway.start(ports.gateway(), routes);
        running.add(gateway);
        say("gateway (the partner host) %s: /oauth, /.well-known -> token-service, /api/v1/marketplace and the "
                + "API documentation -> order-api, /api/v1/zuora/callouts -> zuora-connector", gateway.baseUrl());
    }

    /** token-service and order-api: what partners call. */
    private void startPartnerFacingServices(Path projectRoot) throws IOException, InterruptedException {
        launch(ServiceProcess.service(projectRoot, "token-service", ports.tokenService(),
                environment(postgres.database("token_service"),
                        "TOKEN_SERVICE_ISSUER", gateway.baseUrl(),
                        "TOKEN_SERVICE_CLIENT_SECRET_PEPPER", randomSecret(),
                        "TOKEN_SERVICE_SIGNING_KEYS_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(randomBytes(32)),
                        "TOKEN_SERVICE_BOOTSTRAP_ADMIN_CLIENT_ID", operatorId,
                        "TOKEN_SERVICE_BOOTSTRAP_ADMIN_CLIENT_SECRET", operatorSecret)));
        launch(ServiceProcess.service(projectRoot, "order-api", ports.orderApi(),
                environment(postgres.database("order_api"), "ORDER_API_TOKEN_ISSUER", gateway.baseUrl(),
                        // An operator's view of an order reads the steps of the services that keep them.
                        "ORDER_API_STEP_SERVICES", String.join(",", local(ports.zuoraConnector()),
                                local(ports.salesforceConnector()), local(ports.notificationService())),
                        // Partners' webhook endpoints on this machine (the demo's), by plain http too.
                        "ORDER_API_WEBHOOKS_ALLOW_LOOPBACK", "true")));
    }

    /** Zuora: the sandbox tenant, and the connector with its client there; callouts come back to the connector. */
    private void startZuora(Path projectRoot) throws IOException, InterruptedException {
        String zuoraClientId = "zuora-sandbox-client";
        String zuoraClientSecret = randomSecret();
        String calloutPassword = randomSecret();
        String calloutHmacSecret = randomSecret();
        ServiceProcess zuoraSandbox = launch(ServiceProcess.sandbox(projectRoot, "sandboxes/zuora", "zuora-sandbox.jar",
                ports.zuoraSandbox(), Map.of(
                        "ZUORA_SANDBOX_PORT", String.valueOf(ports.zuoraSandbox()),
                        "ZUORA_SANDBOX_CLIENT_ID", zuoraClientId,
                        "ZUORA_SANDBOX_CLIENT_SECRET", zuoraClientSecret,
                        "ZUORA_SANDBOX_INVOICE_OWNERS", ZUORA_INVOICE_OWNER,
                        "ZUORA_SANDBOX_CALLOUT_URL", gateway.baseUrl() + "/api/v1/zuora/callouts",
                        "ZUORA_SANDBOX_CALLOUT_USERNAME", "zuora",
                        "ZUORA_SANDBOX_CALLOUT_PASSWORD", calloutPassword,
                        "ZUORA_SANDBOX_CALLOUT_HMAC_SECRET", calloutHmacSecret)));
        launch(ServiceProcess.service(projectRoot, "zuora-connector", ports.zuoraConnector(),
                environment(postgres.database("zuora_connector"),
                        "ZUORA_CONNECTOR_ZUORA_BASE_URL", zuoraSandbox.baseUrl(),
                        "ZUORA_CONNECTOR_ZUORA_CLIENT_ID", zuoraClientId,
                        "ZUORA_CONNECTOR_ZUORA_CLIENT_SECRET", zuoraClientSecret,
                        "ZUORA_CONNECTOR_CALLOUT_USERNAME", "zuora",
                        "ZUORA_CONNECTOR_CALLOUT_PASSWORD", calloutPassword,
                        "ZUORA_CONNECTOR_CALLOUT_HMAC_SECRET", calloutHmacSecret,
                        // A lost callout is looked up after a minute here, so a user can watch it happen.
                        "ZUORA_CONNECTOR_SUBSCRIPTIONS_CALLOUT_DEADLINE", "PT60S",
                        "ZUORA_CONNECTOR_SUBSCRIPTIONS_ACTIVATION_RECHECK", "PT10S",
                        "ZUORA_CONNECTOR_TOKEN_ISSUER", gateway.baseUrl())));
    }

    /** Salesforce: the sandbox org (seeded with the demo partner's accounts and the price book), and the connector. */
    private void startSalesforce(Path projectRoot) throws IOException, InterruptedException {
        String salesforceClientSecret = randomSecret();
        ServiceProcess salesforceSandbox = launch(ServiceProcess.sandbox(projectRoot, "sandboxes/salesforce",
                "salesforce-sandbox.jar", ports.salesforceSandbox(), Map.of(
                        "SALESFORCE_SANDBOX_PORT", String.valueOf(ports.salesforceSandbox()),
                        "SALESFORCE_SANDBOX_CLIENT_ID", "salesforce-sandbox-client",
                        "SALESFORCE_SANDBOX_CLIENT_SECRET", salesforceClientSecret)));
        launch(ServiceProcess.service(projectRoot, "salesforce-connector", ports.salesforceConnector(),
                environment(postgres.database("salesforce_connector"),
                        "SALESFORCE_CONNECTOR_SALESFORCE_LOGIN_URL", salesforceSandbox.baseUrl(),
                        "SALESFORCE_CONNECTOR_SALESFORCE_CLIENT_ID", "salesforce-sandbox-client",
                        "SALESFORCE_CONNECTOR_SALESFORCE_CLIENT_SECRET", salesforceClientSecret,
                        "SALESFORCE_CONNECTOR_TOKEN_ISSUER", gateway.baseUrl())));
    }

    /** Licenses: an issuer key made for this run (a real deployment mounts the operator's keys). */
    private void startNotifications(Path projectRoot) throws Exception {
        Path licenseKeys = Files.createDirectories(logDirectory.toAbsolutePath().getParent().resolve("license-keys"));
        Files.writeString(licenseKeys.resolve("local-key-1.pem"), newLicenseKeyPem());
        mailDirectory = logDirectory.toAbsolutePath().getParent().resolve("mail");
        launch(ServiceProcess.service(projectRoot, "notification-service", ports.notificationService(),
                environment(postgres.database("notification_service"),
                        "NOTIFICATION_SERVICE_SMTP_HOST", smtpFront.host(),
                        "NOTIFICATION_SERVICE_SMTP_PORT", String.valueOf(smtpFront.port()),
                        "NOTIFICATION_SERVICE_SMTP_TLS", "false",
                        "NOTIFICATION_SERVICE_SMTP_START_TLS", "DISABLED",
                        "NOTIFICATION_SERVICE_LICENSE_KEYS_DIRECTORY", licenseKeys.toString(),
                        "NOTIFICATION_SERVICE_LICENSE_ACTIVE_KEY", "local-key-1",
                        "NOTIFICATION_SERVICE_TOKEN_ISSUER", gateway.baseUrl())));
    }

    /** Starts one process and waits for its readiness, saying what it is doing and, on failure, where to look. */
    private ServiceProcess launch(ServiceProcess.Definition definition) throws IOException, InterruptedException {
        say("starting %s on port %d", definition.name(), definition.port());
        ServiceProcess process = ServiceProcess.start(definition, logDirectory);
        running.add(process);
        services.put(definition.name(), process);
        long begun = System.nanoTime();
        process.awaitReady(SERVICE_START_TIMEOUT, waited -> say("  still waiting for %s (%d s so far; log %s)",
                definition.name(), waited.toSeconds(), process.log()));
        say("%s is ready after %.1f s (log %s)", definition.name(), (System.nanoTime() - begun) / 1e9, process.log());
        return process;
    }

    /** Fails at once, naming the port and its user, instead of letting a service die on a taken port. */
    private void requireFreePorts() {
        ports.byName().forEach((name, port) -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(port));
            } catch (IOException inUse) {
                throw new IllegalStateException("port " + port + " (for " + name + ") is in use. Is another stack "
                        + "running (./run-local stop)? Or choose other ports: ./run-local --port-base=<N>");
            }
        });
    }

    /** A progress line with the time since the start, so a person can see what is slow. */
    public void say(String format, Object... args) {
        out.printf("[%6.1f s] %s%n", (System.nanoTime() - startedAt) / 1e9, String.format(format, args));
    }

    /** The running service processes, by name, in the order they started. */
    public Map<String, ServiceProcess> services() {
        return Collections.unmodifiableMap(services);
    }

    /** A running service by its name (its module, e.g. {@code zuora-connector}), for tests that stop and restart it. */
    public ServiceProcess service(String name) {
        ServiceProcess process = services.get(name);
        if (process == null) {
            throw new IllegalArgumentException("no service " + name + "; running: " + services.keySet());
        }
        return process;
    }

    public SmtpServer smtp() {
        return smtp;
    }

    /** The mail server as notification-service reaches it, to make it fail. */
    public SmtpFront smtpFront() {
        return smtpFront;
    }

    /** Where the demo saves the emails the local SMTP server received. */
    Path mailDirectory() {
        return mailDirectory;
    }

    private static String newLicenseKeyPem() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }

    public String salesforceSandboxUrl() {
        return service("sandboxes-salesforce").baseUrl();
    }

    public String zuoraSandboxUrl() {
        return service("sandboxes-zuora").baseUrl();
    }

    /** A service's environment: its database and the broker, plus its own settings (name, value, ...). */
    private Map<String, String> environment(PostgresServer.Database database, String... settings) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                "QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl(),
                "QUARKUS_DATASOURCE_USERNAME", database.user(),
                "QUARKUS_DATASOURCE_PASSWORD", database.password(),
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                // A killed service's steps are taken over within 8 s (2 s heartbeats, 4 missed), not 20 s.
                "DURABLE_STEPS_HEARTBEAT_INTERVAL", "PT2S"));
        for (int i = 0; i < settings.length; i += 2) {
            environment.put(settings[i], settings[i + 1]);
        }
        return environment;
    }

    /** The partner host: what partners and Zuora call. */
    private static String local(int port) {
        return "http://localhost:" + port;
    }

    public String gatewayUrl() {
        return gateway.baseUrl();
    }

    public String tokenServiceUrl() {
        return service("token-service").baseUrl();
    }

    public String orderApiUrl() {
        return service("order-api").baseUrl();
    }

    /** A service's database (e.g. {@code order_api}), for measurements that must not load the service itself. */
    public PostgresServer.Database database(String name) {
        return postgres.database(name);
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    String operatorId() {
        return operatorId;
    }

    String operatorSecret() {
        return operatorSecret;
    }

    /** Stops {@code resource} with the stack, before what was started earlier. */
    synchronized void stopWithStack(AutoCloseable resource) {
        running.add(resource);
    }

    /** Stops the services first, then the infrastructure they use. */
    @Override
    public synchronized void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                out.println("while stopping: " + e.getMessage());
            }
        }
        running.clear();
        services.clear();
    }

    /** The directory holding the modules (the current one, or one of its parents). */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("token-service")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("run the local stack from the project directory");
    }

    private static String randomSecret() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
