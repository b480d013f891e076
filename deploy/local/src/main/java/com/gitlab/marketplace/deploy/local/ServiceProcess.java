package com.gitlab.marketplace.deploy.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the stack as its own JVM process (its packaged Quarkus application, or a sandbox's
 * executable jar), logging to a file.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final String readinessPath;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, String readinessPath, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.readinessPath = readinessPath;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code <module>/target/quarkus-app/quarkus-run.jar} with the given environment. */
    static ServiceProcess start(Path projectRoot, String module, int port, Map<String, String> environment,
            Path logDirectory) throws IOException {
        return start(module, projectRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"), port,
                "/q/health/ready", List.of("-Dquarkus.http.port=" + port), environment, logDirectory);
    }

    /** Starts a sandbox's executable jar, {@code <module>/target/<jarName>}; it answers on /sandbox/health. */
    static ServiceProcess startSandbox(Path projectRoot, String module, String jarName, int port,
            Map<String, String> environment, Path logDirectory) throws IOException {
        return start(module.replace('/', '-'), projectRoot.resolve(module).resolve("target").resolve(jarName), port,
                "/sandbox/health", List.of(), environment, logDirectory);
    }

    private static ServiceProcess start(String name, Path jar, int port, String readinessPath, List<String> jvmOptions,
            Map<String, String> environment, Path logDirectory) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests install");
        }
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new ServiceProcess(name, port, readinessPath, log, builder.start());
    }

    /** Waits until the service reports ready on its readiness path. */
    void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + readinessPath))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    Path log() {
        return log;
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
