package com.gitlab.marketplace.deploy.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program of the partner-documentation checks' Node package, which the build installed into
 * {@code target/partner-checks} (src/test/node/prepare.sh): the standard linters, the browser script and the
 * OAuth client library, each as partners run them.
 */
final class NodeChecks {

    static final Path HOME = Path.of("target", "partner-checks").toAbsolutePath();

    /** What a program printed and how it ended. */
    record Run(int exitCode, String stdout, String stderr) {

        /** The JSON it printed: from the first line that opens an object or an array to the end. */
        JsonNode json() throws IOException {
            int start = 0;
            while (start < stdout.length() && stdout.charAt(start) != '{' && stdout.charAt(start) != '[') {
                int nextLine = stdout.indexOf('\n', start);
                start = nextLine < 0 ? stdout.length() : nextLine + 1;
            }
            return StackClient.JSON.readTree(stdout.substring(start));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private NodeChecks() {
    }

    /** {@code node <script>} with the given environment. */
    static Run script(String script, Map<String, String> environment) throws Exception {
        return run(List.of("node", HOME.resolve(script).toString()), environment);
    }

    /** A command of the package's own (node_modules/.bin), such as {@code redocly} or {@code spectral}. */
    static Run tool(String tool, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("node_modules/.bin/" + tool).toString()));
        command.addAll(arguments);
        return run(command, Map.of());
    }

    private static Run run(List<String> command, Map<String, String> environment) throws Exception {
        if (!Files.isDirectory(HOME.resolve("node_modules"))) {
            throw new IllegalStateException(HOME + " has no node_modules: run the module's build (./mvnw verify), "
                    + "whose process-test-resources phase installs them");
        }
        Path stdout = Files.createTempFile("node-check", ".out");
        Path stderr = Files.createTempFile("node-check", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not end within 3 minutes");
        }
        try {
            return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
