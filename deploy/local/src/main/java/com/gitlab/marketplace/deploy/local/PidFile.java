package com.gitlab.marketplace.deploy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The running stack's process id, so {@code ./run-local stop} can find a detached stack and a second start
 * refuses at once instead of failing on taken ports half-way.
 */
final class PidFile {

    private final Path file;

    private PidFile(Path file) {
        this.file = file;
    }

    /** Records this process, unless the file names another process that is still alive. */
    static PidFile claim(Path file) throws IOException {
        Optional<ProcessHandle> other = running(file);
        if (other.isPresent()) {
            throw new IllegalStateException("a local stack is already running (pid " + other.get().pid()
                    + "); stop it with ./run-local stop");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.valueOf(ProcessHandle.current().pid()));
        return new PidFile(file);
    }

    /** The live process the file names, if any (a stale file from a killed stack names none). */
    static Optional<ProcessHandle> running(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String pid = Files.readString(file).strip();
        if (!pid.matches("\\d{1,10}")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(true));
    }

    void release() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
