package com.gitlab.marketplace.infrastructure.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A TCP front before a GreenMail {@link SmtpServer}, for the failures GreenMail does not make. Which one, if any,
 * is asked of {@code fault} at every connection and line, so a test or the local stack switches it while mail
 * flows. Always: {@code RCPT TO} of an address containing "reject" is answered 550 (no such mailbox). Everything
 * else is a real SMTP conversation with GreenMail.
 */
public final class SmtpFront implements AutoCloseable {

    /** What the front does to the conversations it relays. */
    public enum Fault {
        /** Relays faithfully. */
        NONE,
        /** Every connection is dropped: new ones before the greeting, open ones at the client's next command. */
        DOWN,
        /** Connections are taken but the greeting never comes (a hung server). */
        SILENT_GREETING,
        /**
         * The message goes through to GreenMail, which takes it, but its answer to the message's final dot is held
         * back and the connection left hanging (the reply lost on the way).
         */
        SILENT_AFTER_DATA
    }

    private final ServerSocket server;
    private final Supplier<Fault> faults;
    private volatile Fault fault = Fault.NONE;

    private SmtpFront(ServerSocket server, Supplier<Fault> faults) {
        this.server = server;
        this.faults = faults;
    }

    /** Starts a front on a free loopback port, relaying to {@code smtp} with the fault last set by {@link #fail}. */
    public static SmtpFront start(SmtpServer smtp) {
        return start(smtp, null);
    }

    /** From now on, breaks conversations this way ({@link Fault#NONE} to heal). */
    public void fail(Fault fault) {
        this.fault = fault;
    }

    /**
     * Starts a front on a free loopback port, relaying to {@code smtp} and asking {@code faults} what to break (null:
     * what {@link #fail} set last).
     */
    public static SmtpFront start(SmtpServer smtp, Supplier<Fault> faults) {
        ServerSocket server;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("no port for the SMTP front", e);
        }
        SmtpFront front = new SmtpFront(server, faults);
        Supplier<Fault> fault = front::current;
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Fault now = fault.get();
                    if (now == Fault.DOWN) {
                        client.close();
                    } else if (now != Fault.SILENT_GREETING) { // silent: kept open, never answered
                        relay(client, new Socket(smtp.host(), smtp.port()), fault);
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "smtp-front");
        acceptor.setDaemon(true);
        acceptor.start();
        return front;
    }

    private Fault current() {
        return faults != null ? faults.get() : fault;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getLocalPort();
    }

    private static void relay(Socket client, Socket upstream, Supplier<Fault> fault) {
        AtomicBoolean dataEnded = new AtomicBoolean();
        Thread down = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(upstream.getInputStream(),
                    StandardCharsets.ISO_8859_1))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (dataEnded.getAndSet(false) && fault.get() == Fault.SILENT_AFTER_DATA) {
                        return; // GreenMail took the message; its answer never reaches the client
                    }
                    write(client, line);
                }
            } catch (IOException e) {
                // closed
            }
        }, "smtp-front-down");
        down.setDaemon(true);
        down.start();
        Thread up = new Thread(() -> {
            boolean inData = false;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.ISO_8859_1)); OutputStream toServer = upstream.getOutputStream()) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (fault.get() == Fault.DOWN) {
                        break; // the server went down: connections the client keeps open die too
                    }
                    if (!inData && line.toUpperCase(Locale.ROOT).startsWith("RCPT TO:")
                            && line.toLowerCase(Locale.ROOT).contains("reject")) {
                        write(client, "550 5.1.1 Recipient address rejected: mailbox unavailable");
                        continue;
                    }
                    if (inData && line.equals(".")) {
                        inData = false;
                        dataEnded.set(true);
                    } else if (!inData && line.equalsIgnoreCase("DATA")) {
                        inData = true;
                    }
                    toServer.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    toServer.flush();
                }
            } catch (IOException e) {
                // closed
            } finally {
                close(client);
                close(upstream);
            }
        }, "smtp-front-up");
        up.setDaemon(true);
        up.start();
    }

    private static void write(Socket client, String line) throws IOException {
        synchronized (client) {
            OutputStream out = client.getOutputStream();
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        close(server);
    }

    private static void close(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
