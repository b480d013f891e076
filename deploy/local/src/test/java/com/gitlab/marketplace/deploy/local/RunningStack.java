package com.gitlab.marketplace.deploy.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local stack for every test class of this module (each class that extends with it): the README's main
 * command, its demo run once, then shared. It starts with the first such class and stops when the test run ends,
 * so the module pays the stack's minute of start-up once.
 */
final class RunningStack implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    /** Away from the defaults (8080…8092), so a stack someone runs does not clash with the tests. */
    static final StackPorts PORTS = new StackPorts(18700);

    private static RunningStack running;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private LocalStack stack;
    private Demo.Result demo;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (RunningStack.class) {
            if (running != null) {
                return;
            }
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            stack = new LocalStack(out, PORTS);
            // Registered before the start, so a start that fails half-way still stops what it started.
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(RunningStack.class, this);
            running = this;
            stack.start(LocalStack.projectRoot(), Files.createTempDirectory("local-stack-tests").resolve("logs"));
            demo = new Demo(stack, out).run();
        }
    }

    static RunningStack get() {
        synchronized (RunningStack.class) {
            if (running == null || running.demo == null) {
                throw new IllegalStateException("the local stack did not start; see the first test class's error");
            }
            return running;
        }
    }

    LocalStack stack() {
        return stack;
    }

    Demo.Result demo() {
        return demo;
    }

    /** What the stack and the demo printed, as a user of ./run-local sees it. */
    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        stack.close();
    }
}
