package com.gitlab.marketplace.deploy.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local}: starts the {@link LocalStack}, runs the {@link Demo} on it, and keeps it running until it is
 * stopped (Ctrl+C, or {@code ./run-local stop} through its pid file).
 */
public final class RunLocal {

    static final String USAGE = """
            usage: ./run-local [--port-base=N] [--exit-after-demo]
                   ./run-local --detach [--port-base=N]     start, run the demo, keep running in the background
                   ./run-local stop                          stop a detached stack
              --port-base=N      the gateway's port; the services take N+1..N+5, the sandboxes N+11 and N+12
                                 (default 8080, or LOCAL_STACK_PORT_BASE)
              --exit-after-demo  stop once the demo has finished""";

    public static void main(String[] args) throws Exception {
        boolean exitAfterDemo = false;
        String portBase = System.getenv().getOrDefault("LOCAL_STACK_PORT_BASE", "8080");
        for (String arg : args) {
            if (arg.equals("--exit-after-demo")) {
                exitAfterDemo = true;
            } else if (arg.startsWith("--port-base=")) {
                portBase = arg.substring("--port-base=".length());
            } else {
                boolean help = arg.equals("--help") || arg.equals("-h");
                System.err.println(help ? USAGE : "unknown option " + arg + "\n" + USAGE);
                System.exit(help ? 0 : 2);
            }
        }
        if (!portBase.matches("\\d{4,5}")) {
            System.err.println("--port-base (or LOCAL_STACK_PORT_BASE) must be a port number, not '" + portBase + "'");
            System.exit(2);
        }
        Path home = LocalStack.projectRoot().resolve(".local-stack");
        PidFile pidFile;
        LocalStack stack;
        try {
            stack = new LocalStack(System.out, new StackPorts(Integer.parseInt(portBase)));
            pidFile = PidFile.claim(home.resolve("local-stack.pid"));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            pidFile.release();
        }, "local-stack-stop"));
        try {
            stack.start(LocalStack.projectRoot(), home.resolve("logs"));
            new Demo(stack, System.out).run();
        } catch (Exception e) {
            System.err.println();
            System.err.println("local stack failed: " + e.getMessage());
            System.exit(1);
        }
        if (exitAfterDemo) {
            System.exit(0);
        }
        System.out.println();
        System.out.printf("The stack is running (pid %d, logs in %s). Stop it with Ctrl+C, or ./run-local stop "
                + "when detached.%n", ProcessHandle.current().pid(), home.resolve("logs"));
        new CountDownLatch(1).await();
    }

    private RunLocal() {
    }
}
