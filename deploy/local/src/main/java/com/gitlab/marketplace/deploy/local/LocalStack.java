package com.gitlab.marketplace.deploy.local;

import com.gitlab.marketplace.infrastructure.embedded.KafkaBroker;
import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import com.gitlab.marketplace.infrastructure.embedded.SmtpServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole platform on embedded defaults: a real PostgreSQL (logical decoding on), a real Kafka broker
 * (KRaft) and an SMTP server in this JVM, and every service as its own process. Then it runs the demo.
 *
 * <p>Secrets are generated per run and printed: this is a local demo, never a deployment.
 */
public final class LocalStack implements AutoCloseable {

    static final int GATEWAY_PORT = 8080;
    static final int TOKEN_SERVICE_PORT = 8081;
    static final int ORDER_API_PORT = 8082;
    static final int ZUORA_CONNECTOR_PORT = 8083;
    static final int SALESFORCE_CONNECTOR_PORT = 8084;
    static final int NOTIFICATION_SERVICE_PORT = 8085;
    static final int ZUORA_SANDBOX_PORT = 8091;
    static final int SALESFORCE_SANDBOX_PORT = 8092;

    private final PrintStream out;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final String operatorId = "operator";
    private final String operatorSecret = randomSecret();
    private ServiceProcess tokenService;
    private ServiceProcess orderApi;
    private ServiceProcess zuoraSandbox;
    private ServiceProcess salesforceSandbox;
    private KafkaBroker kafka;
    private Gateway gateway;
    private SmtpServer smtp;
    private Path mailDirectory;

    LocalStack(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        boolean exitAfterDemo = List.of(args).contains("--exit-after-demo");
        LocalStack stack = new LocalStack(System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
        try {
            stack.start(projectRoot(), Path.of(".local-stack", "logs"));
            new Demo(stack, System.out).run();
        } catch (Exception e) {
            System.err.println("local stack failed: " + e.getMessage());
            stack.close();
            System.exit(1);
        }
        if (exitAfterDemo) {
            stack.close();
            System.exit(0);
        }
        System.out.println();
        System.out.println("The stack is running. Press Ctrl+C to stop it.");
        new CountDownLatch(1).await();
    }

    void start(Path projectRoot, Path logDirectory) throws Exception {
        out.println("Starting embedded PostgreSQL (wal_level=logical), Kafka (KRaft) and SMTP ...");
        PostgresServer postgres = PostgresServer.start(0, null);
        running.add(postgres::stop);
        kafka = KafkaBroker.start();
        running.add(kafka::stop);
        smtp = SmtpServer.start(0);
        running.add(smtp::stop);
        out.printf("  PostgreSQL localhost:%d, Kafka %s, SMTP %s:%d%n", postgres.port(), kafka.bootstrapServers(),
                smtp.host(), smtp.port());

        // The partner host first: tokens name it as their issuer, and services discover token-service through it.
        gateway = Gateway.start(GATEWAY_PORT, new java.util.LinkedHashMap<>(Map.of(
                "/oauth/", TOKEN_SERVICE_PORT,
                "/.well-known/", TOKEN_SERVICE_PORT,
                "/api/v1/marketplace/", ORDER_API_PORT,
                "/openapi", ORDER_API_PORT,
                "/api/v1/zuora/callouts", ZUORA_CONNECTOR_PORT,
                "/api/v1/licenses/public-keys", NOTIFICATION_SERVICE_PORT)));
        running.add(gateway);
        out.printf("  gateway (the partner host) %s: /oauth, /.well-known -> token-service, /api/v1/marketplace and the "
                + "API documentation -> order-api, /api/v1/zuora/callouts -> zuora-connector%n", gateway.baseUrl());

        PostgresServer.Database database = postgres.database("token_service");
        out.println("Starting token-service on port " + TOKEN_SERVICE_PORT + " ...");
        tokenService = ServiceProcess.start(projectRoot, "token-service", TOKEN_SERVICE_PORT, environment(database,
                "TOKEN_SERVICE_ISSUER", gateway.baseUrl(),
                "TOKEN_SERVICE_CLIENT_SECRET_PEPPER", randomSecret(),
                "TOKEN_SERVICE_SIGNING_KEYS_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(randomBytes(32)),
                "TOKEN_SERVICE_BOOTSTRAP_ADMIN_CLIENT_ID", operatorId,
                "TOKEN_SERVICE_BOOTSTRAP_ADMIN_CLIENT_SECRET", operatorSecret), logDirectory);
        running.add(tokenService);
        tokenService.awaitReady(Duration.ofSeconds(120));
        out.println("  token-service is ready (log: " + tokenService.log() + ")");

        PostgresServer.Database orderDatabase = postgres.database("order_api");
        out.println("Starting order-api on port " + ORDER_API_PORT + " ...");
        orderApi = ServiceProcess.start(projectRoot, "order-api", ORDER_API_PORT, environment(orderDatabase,
                "ORDER_API_TOKEN_ISSUER", gateway.baseUrl()), logDirectory);
        running.add(orderApi);
        orderApi.awaitReady(Duration.ofSeconds(120));
        out.println("  order-api is ready (log: " + orderApi.log() + ")");

        // Zuora: the sandbox tenant, and the connector with its client there; callouts come back to the connector.
        String zuoraClientId = "zuora-sandbox-client";
        String zuoraClientSecret = randomSecret();
        String calloutPassword = randomSecret();
        String calloutHmacSecret = randomSecret();
        out.println("Starting the Zuora sandbox on port " + ZUORA_SANDBOX_PORT + " ...");
        zuoraSandbox = ServiceProcess.startSandbox(projectRoot, "sandboxes/zuora", "zuora-sandbox.jar",
                ZUORA_SANDBOX_PORT, Map.of(
                        "ZUORA_SANDBOX_PORT", String.valueOf(ZUORA_SANDBOX_PORT),
                        "ZUORA_SANDBOX_CLIENT_ID", zuoraClientId,
                        "ZUORA_SANDBOX_CLIENT_SECRET", zuoraClientSecret,
                        "ZUORA_SANDBOX_INVOICE_OWNERS", Demo.ZUORA_INVOICE_OWNER,
                        "ZUORA_SANDBOX_CALLOUT_URL", gateway.baseUrl() + "/api/v1/zuora/callouts",
                        "ZUORA_SANDBOX_CALLOUT_USERNAME", "zuora",
                        "ZUORA_SANDBOX_CALLOUT_PASSWORD", calloutPassword,
                        "ZUORA_SANDBOX_CALLOUT_HMAC_SECRET", calloutHmacSecret), logDirectory);
        running.add(zuoraSandbox);
        zuoraSandbox.awaitReady(Duration.ofSeconds(60));
        out.println("  Zuora sandbox is ready (log: " + zuoraSandbox.log() + ")");

        out.println("Starting zuora-connector on port " + ZUORA_CONNECTOR_PORT + " ...");
        ServiceProcess zuoraConnector = ServiceProcess.start(projectRoot, "zuora-connector", ZUORA_CONNECTOR_PORT,
                environment(postgres.database("zuora_connector"),
                        "ZUORA_CONNECTOR_ZUORA_BASE_URL", zuoraSandbox.baseUrl(),
                        "ZUORA_CONNECTOR_ZUORA_CLIENT_ID", zuoraClientId,
                        "ZUORA_CONNECTOR_ZUORA_CLIENT_SECRET", zuoraClientSecret,
                        "ZUORA_CONNECTOR_CALLOUT_USERNAME", "zuora",
                        "ZUORA_CONNECTOR_CALLOUT_PASSWORD", calloutPassword,
                        "ZUORA_CONNECTOR_CALLOUT_HMAC_SECRET", calloutHmacSecret), logDirectory);
        running.add(zuoraConnector);
        zuoraConnector.awaitReady(Duration.ofSeconds(120));
        out.println("  zuora-connector is ready (log: " + zuoraConnector.log() + ")");

        // Salesforce: the sandbox org (seeded with the demo partner's accounts and the price book), and the connector.
        String salesforceClientSecret = randomSecret();
        out.println("Starting the Salesforce sandbox on port " + SALESFORCE_SANDBOX_PORT + " ...");
        salesforceSandbox = ServiceProcess.startSandbox(projectRoot, "sandboxes/salesforce", "salesforce-sandbox.jar",
                SALESFORCE_SANDBOX_PORT, Map.of(
                        "SALESFORCE_SANDBOX_PORT", String.valueOf(SALESFORCE_SANDBOX_PORT),
                        "SALESFORCE_SANDBOX_CLIENT_ID", "salesforce-sandbox-client",
                        "SALESFORCE_SANDBOX_CLIENT_SECRET", salesforceClientSecret), logDirectory);
        running.add(salesforceSandbox);
        salesforceSandbox.awaitReady(Duration.ofSeconds(60));
        out.println("  Salesforce sandbox is ready (log: " + salesforceSandbox.log() + ")");

        out.println("Starting salesforce-connector on port " + SALESFORCE_CONNECTOR_PORT + " ...");
        ServiceProcess salesforceConnector = ServiceProcess.start(projectRoot, "salesforce-connector",
                SALESFORCE_CONNECTOR_PORT, environment(postgres.database("salesforce_connector"),
                        "SALESFORCE_CONNECTOR_SALESFORCE_LOGIN_URL", salesforceSandbox.baseUrl(),
                        "SALESFORCE_CONNECTOR_SALESFORCE_CLIENT_ID", "salesforce-sandbox-client",
                        "SALESFORCE_CONNECTOR_SALESFORCE_CLIENT_SECRET", salesforceClientSecret), logDirectory);
        running.add(salesforceConnector);
        salesforceConnector.awaitReady(Duration.ofSeconds(120));
        out.println("  salesforce-connector is ready (log: " + salesforceConnector.log() + ")");

        // Licenses: an issuer key made for this run (a real deployment mounts the operator's keys).
        Path licenseKeys = Files.createDirectories(logDirectory.toAbsolutePath().getParent().resolve("license-keys"));
        Files.writeString(licenseKeys.resolve("local-key-1.pem"), newLicenseKeyPem());
        mailDirectory = logDirectory.toAbsolutePath().getParent().resolve("mail");
        out.println("Starting notification-service on port " + NOTIFICATION_SERVICE_PORT + " ...");
        ServiceProcess notificationService = ServiceProcess.start(projectRoot, "notification-service",
                NOTIFICATION_SERVICE_PORT, environment(postgres.database("notification_service"),
                        "QUARKUS_MAILER_HOST", smtp.host(),
                        "QUARKUS_MAILER_PORT", String.valueOf(smtp.port()),
                        "QUARKUS_MAILER_TLS", "false",
                        "QUARKUS_MAILER_START_TLS", "DISABLED",
                        "NOTIFICATION_SERVICE_LICENSE_KEYS_DIRECTORY", licenseKeys.toString(),
                        "NOTIFICATION_SERVICE_LICENSE_ACTIVE_KEY", "local-key-1",
                        "NOTIFICATION_SERVICE_TOKEN_ISSUER", gateway.baseUrl()), logDirectory);
        running.add(notificationService);
        notificationService.awaitReady(Duration.ofSeconds(120));
        out.println("  notification-service is ready (log: " + notificationService.log() + ")");
    }

    SmtpServer smtp() {
        return smtp;
    }

    /** Where the demo saves the emails the local SMTP server received. */
    Path mailDirectory() {
        return mailDirectory;
    }

    private static String newLicenseKeyPem() throws java.security.GeneralSecurityException {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }

    String salesforceSandboxUrl() {
        return salesforceSandbox.baseUrl();
    }

    String zuoraSandboxUrl() {
        return zuoraSandbox.baseUrl();
    }

    /** A service's environment: its database and the broker, plus its own settings (name, value, ...). */
    private Map<String, String> environment(PostgresServer.Database database, String... settings) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                "QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl(),
                "QUARKUS_DATASOURCE_USERNAME", database.user(),
                "QUARKUS_DATASOURCE_PASSWORD", database.password(),
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
        for (int i = 0; i < settings.length; i += 2) {
            environment.put(settings[i], settings[i + 1]);
        }
        return environment;
    }

    /** The partner host: what partners and Zuora call. */
    String gatewayUrl() {
        return gateway.baseUrl();
    }

    String tokenServiceUrl() {
        return tokenService.baseUrl();
    }

    String orderApiUrl() {
        return orderApi.baseUrl();
    }

    String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    String operatorId() {
        return operatorId;
    }

    String operatorSecret() {
        return operatorSecret;
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
    }

    /** The directory holding the modules (the current one, or one of its parents). */
    static Path projectRoot() {
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
