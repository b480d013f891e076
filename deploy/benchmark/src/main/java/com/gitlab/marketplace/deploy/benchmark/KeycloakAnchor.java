package com.gitlab.marketplace.deploy.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.gitlab.marketplace.deploy.local.ProcessUsage;
import com.gitlab.marketplace.deploy.local.StackClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Keycloak as operators would otherwise deploy it, the token benchmark's anchor: the distribution from Maven
 * Central ({@code org.keycloak:keycloak-quarkus-dist}, which ./run-benchmark fetches), {@code start-dev}, a
 * confidential client with a secret for the client_credentials grant. Keycloak 26 needs Java 21 or later:
 * it runs on the machine's Temurin JDK ({@code KEYCLOAK_JAVA_HOME}).
 */
final class KeycloakAnchor implements AutoCloseable {

    static final String VERSION = "26.7.3";
    static final String CLIENT_ID = "benchmark";
    static final String CLIENT_SECRET = "benchmark-secret-0123456789abcdef";
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "benchmark-admin";

    private final Process process;
    private final Path installed;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private KeycloakAnchor(Process process, Path installed, int port) {
        this.process = process;
        this.installed = installed;
        this.port = port;
    }

    /** Unpacks the distribution (once) under {@code home}, starts it on {@code port} and adds the client. */
    static KeycloakAnchor start(Path distribution, Path home, int port, Path log) throws Exception {
        Path installed = home.resolve("keycloak-" + VERSION);
        if (!Files.isDirectory(installed)) {
            Files.createDirectories(home);
            run(new ProcessBuilder("tar", "-xzf", distribution.toString(), "-C", home.toString()));
        }
        for (int taken : new int[] {port, port + 1}) {
            try (ServerSocket probe = new ServerSocket(taken)) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                throw new IllegalStateException("port " + taken + " is taken (a Keycloak left running?); Keycloak "
                        + "needs it");
            }
        }
        // A fresh start every run: start-dev keeps its H2 database (the admin user, our client) under data/.
        deleteRecursively(installed.resolve("data"));
        ProcessBuilder builder = new ProcessBuilder(installed.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-management-port=" + (port + 1), "--cache=local")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("JAVA_HOME", System.getenv().getOrDefault("KEYCLOAK_JAVA_HOME",
                "/usr/lib/jvm/temurin-25-jdk-amd64"));
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // Its own heap setting, as ours have theirs; Keycloak's default is 70 % of the machine's memory.
        environment.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        KeycloakAnchor keycloak = new KeycloakAnchor(builder.start(), installed, port);
        keycloak.awaitReady(Duration.ofMinutes(3), log);
        keycloak.addClient();
        return keycloak;
    }

    URI tokenUrl() {
        return URI.create(baseUrl() + "/realms/master/protocol/openid-connect/token");
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Resident memory of Keycloak's JVM, in MiB. */
    long residentMemoryMib() {
        return jvms().mapToLong(jvm -> ProcessUsage.residentMib(jvm.pid())).sum();
    }

    long cpuMillis() {
        return jvms().mapToLong(ProcessUsage::cpuMillis).sum();
    }

    /**
     * Keycloak's JVMs, found by their command line: kc.sh starts the server in the background and may replace
     * it with a second JVM after its first build, so the script's own process tree does not always hold it.
     */
    private Stream<ProcessHandle> jvms() {
        String home = installed.toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(line -> line.contains(home) && line.contains("QuarkusEntryPoint")).orElse(false));
    }

    /**
     * Waits until Keycloak uses under a tenth of a core (its start-up, or a step's backlog, over), so its work
     * does not share the cores with a step that measures something else.
     */
    void awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long before = cpuMillis();
        while (System.nanoTime() < deadline) {
            Thread.sleep(2_000);
            long now = cpuMillis();
            if (now - before < 200) {
                return;
            }
            before = now;
        }
    }

    private void awaitReady(Duration timeout, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak ended at start; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak was not ready within " + timeout + "; see " + log);
    }

    private void addClient() throws Exception {
        JsonNode admin = StackClient.JSON.readTree(postForm(tokenUrl(), Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", ADMIN, "password", ADMIN_PASSWORD)));
        String adminToken = admin.path("access_token").asText();
        HttpResponse<String> created = new StackClient(baseUrl()).call("POST", baseUrl()
                + "/admin/realms/master/clients", adminToken, Map.of("clientId", CLIENT_ID, "secret", CLIENT_SECRET,
                "publicClient", false, "serviceAccountsEnabled", true, "standardFlowEnabled", false,
                "directAccessGrantsEnabled", false, "clientAuthenticatorType", "client-secret"));
        // 409: the client is there already (same id and secret); the probe below shows whether it works.
        if (created.statusCode() >= 300 && created.statusCode() != 409) {
            throw new IllegalStateException("Keycloak refused the benchmark client: " + created.statusCode() + " "
                    + created.body());
        }
        JsonNode probe = StackClient.JSON.readTree(postForm(tokenUrl(), Map.of("grant_type", "client_credentials",
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET)));
        if (!probe.hasNonNull("access_token")) {
            throw new IllegalStateException("Keycloak issued no token to the benchmark client: " + probe);
        }
    }

    /** A form POST (the token endpoint), failing on an error status. */
    private String postForm(URI url, Map<String, String> fields) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("Keycloak answered " + response.statusCode() + " to " + url + ": "
                    + response.body());
        }
        return response.body();
    }

    private static String form(Map<String, String> fields) {
        return String.join("&", fields.entrySet().stream().map(e -> e.getKey() + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).toList());
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void run(ProcessBuilder builder) throws Exception {
        int exit = builder.inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(builder.command() + " ended with " + exit);
        }
    }

    @Override
    public void close() {
        jvms().forEach(ProcessHandle::destroy);
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
