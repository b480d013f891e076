package com.gitlab.marketplace.notification;

import com.gitlab.marketplace.infrastructure.embedded.SmtpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP front before the JVM's GreenMail SMTP server, for failures GreenMail does not make, each switched on by
 * a system property:
 * <ul>
 *   <li>{@value #DOWN}: every connection is dropped, new ones before the greeting and open ones at the client's
 *       next command (the server is down);</li>
 *   <li>{@value #SILENT_GREETING}: connections are taken but the greeting never comes (a hung server);</li>
 *   <li>{@value #SILENT_AFTER_DATA}: the message goes through to GreenMail, which takes it, but its answer to
 *       the message's final dot is held back and the connection left hanging (the reply lost on the way);</li>
 *   <li>always: {@code RCPT TO} of an address containing "reject" is answered 550 (no such mailbox).</li>
 * </ul>
 * Everything else is a real SMTP conversation with GreenMail.
 */
public class SmtpFront implements QuarkusTestResourceLifecycleManager {

    static final String DOWN = "test.smtp.down";
    static final String SILENT_GREETING = "test.smtp.silent-greeting";
    static final String SILENT_AFTER_DATA = "test.smtp.silent-after-data";

    private ServerSocket server;

    @Override
    public Map<String, String> start() {
        SmtpServer smtp = SmtpServer.shared();
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    if (Boolean.getBoolean(DOWN)) {
                        client.close();
                        continue;
                    }
                    if (Boolean.getBoolean(SILENT_GREETING)) {
                        continue; // kept open, never answered; the client's timeout ends it
                    }
                    relay(client, new Socket(smtp.host(), smtp.port()));
                } catch (IOException e) {
                    return;
                }
            }
        }, "smtp-front");
        acceptor.setDaemon(true);
        acceptor.start();
        return Map.of("notification-service.smtp.host", "127.0.0.1",
                "notification-service.smtp.port", String.valueOf(server.getLocalPort()),
                "notification-service.smtp.tls", "false", "notification-service.smtp.start-tls", "DISABLED");
    }

    private static void relay(Socket client, Socket upstream) {
        AtomicBoolean dataEnded = new AtomicBoolean();
        Thread down = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(upstream.getInputStream(),
                    StandardCharsets.ISO_8859_1))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (dataEnded.getAndSet(false) && Boolean.getBoolean(SILENT_AFTER_DATA)) {
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
                    if (Boolean.getBoolean(DOWN)) {
                        break; // the server went down: connections the client keeps open die too
                    }
                    if (!inData && line.toUpperCase().startsWith("RCPT TO:") && line.toLowerCase().contains("reject")) {
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
    public void stop() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
