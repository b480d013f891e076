package com.gitlab.marketplace.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One service of the stack as its own JVM process (its packaged Quarkus application, or a sandbox's
 * executable jar), logging to a file. It can be killed and started again with the same settings.
 */
public final class ServiceProcess implements AutoCloseable {

    /** How often a person waiting for a slow start hears that it is still going. */
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(15);

    /** What to run: name (also the log file's), port, readiness path, JVM options, jar and environment. */
    record Definition(String name, int port, String readinessPath, List<String> jvmOptions, Path jar,
            Map<String, String> environment) {
    }

    /**
     * Every service's JVM settings: a small heap and the serial collector suit a 2-core machine running eight JVMs.
     * The young generation is fixed at 40 MiB: by default it is a third of the initial heap, which starts at 1/64
     * of the machine's memory (capped by -Xmx), and allocation cycled through all of it, so every service kept
     * ~85 MiB of young space resident however little it kept alive (idle RSS 250-290 MiB). The C library's
     * heap is trimmed every 10 s: it kept about 20 MiB the JIT compilers and start-up had freed (measured with
     * {@code jcmd <pid> System.trim_native_heap}: 250 -> 229 MiB for order-api). No performance counters
     * ({@code -XX:-UsePerfData}): sampling them every 50 ms cost each idle JVM ~0.2 % of a core, and nothing reads
     * them ({@code jstat} does; {@code jcmd} and JFR work without).
     */
    public static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-Xmn40m", "-XX:+UseSerialGC",
            "-XX:TrimNativeHeapInterval=10000", "-XX:-UsePerfData");

    private final Definition definition;
    private final Path log;
    private volatile Process process;

    private ServiceProcess(Definition definition, Path log, Process process) {
        this.definition = definition;
        this.log = log;
        this.process = process;
    }

    /** {@code <module>/target/quarkus-app/quarkus-run.jar} with the given environment. */
    static Definition service(Path projectRoot, String module, int port, Map<String, String> environment) {
        return new Definition(module, port, "/q/health/ready", List.of("-Dquarkus.http.port=" + port),
                projectRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"), environment);
    }

    /** A sandbox's executable jar, {@code <module>/target/<jarName>}; it answers on /sandbox/health. */
    static Definition sandbox(Path projectRoot, String module, String jarName, int port,
            Map<String, String> environment) {
        return new Definition(module.replace('/', '-'), port, "/sandbox/health", List.of("-XX:-UsePerfData"),
                projectRoot.resolve(module).resolve("target").resolve(jarName), environment);
    }

    static ServiceProcess start(Definition definition, Path logDirectory) throws IOException {
        if (!Files.isRegularFile(definition.jar())) {
            throw new IllegalStateException(definition.jar() + " is missing: build first with ./mvnw -DskipTests install");
        }
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(definition.name() + ".log");
        Files.deleteIfExists(log);
        return new ServiceProcess(definition, log, launch(definition, log));
    }

    private static Process launch(Definition definition, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(JVM_OPTIONS);
        command.addAll(definition.jvmOptions());
        command.addAll(List.of("-jar", definition.jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(definition.environment());
        return builder.start();
    }

    /**
     * Waits until the service reports ready on its readiness path, telling {@code stillWaiting} how long it
     * has waited every few seconds. On failure the message names the process, its log and the log's last lines.
     */
    void awaitReady(Duration timeout, Consumer<Duration> stillWaiting) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        long nextProgress = start + PROGRESS_INTERVAL.toNanos();
        while (System.nanoTime() - start < timeout.toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(definition.name() + " exited with code " + process.exitValue()
                        + " while starting; its log " + log + " ends with:\n" + tail(20));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl()
                        + definition.readinessPath())).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            if (System.nanoTime() > nextProgress) {
                stillWaiting.accept(Duration.ofNanos(System.nanoTime() - start));
                nextProgress += PROGRESS_INTERVAL.toNanos();
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException(definition.name() + " was not ready on " + baseUrl()
                + definition.readinessPath() + " within " + timeout.toSeconds() + " s; its log " + log
                + " ends with:\n" + tail(20));
    }

    /**
     * Another process of this service on {@code port}, with the same settings otherwise (a second replica), logging
     * beside this one's log; it is started, not yet ready.
     */
    ServiceProcess replica(int port) throws IOException {
        String portOption = "-Dquarkus.http.port=";
        List<String> options = definition.jvmOptions().stream()
                .map(option -> option.startsWith(portOption) ? portOption + port : option).toList();
        return start(new Definition(definition.name() + "-" + port, port, definition.readinessPath(), options,
                definition.jar(), definition.environment()), log.getParent());
    }

    /** Ends the process at once (SIGKILL): no shutdown hook runs, as when a node dies. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the process again with the same settings, appending to the same log, and waits until it is ready. */
    void restart(Duration timeout) throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException(definition.name() + " is still running");
        }
        process = launch(definition, log);
        awaitReady(timeout, waited -> { });
    }

    public String name() {
        return definition.name();
    }

    /** CPU time the process has used so far (user and system), in milliseconds; -1 where unknown. */
    public long cpuMillis() {
        return ProcessUsage.cpuMillis(process.toHandle());
    }

    /** Resident memory now, in MiB; -1 where that cannot be read. */
    public long residentMemoryMib() {
        return ProcessUsage.residentMib(process.pid());
    }

    public String baseUrl() {
        return "http://localhost:" + definition.port();
    }

    Path log() {
        return log;
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
