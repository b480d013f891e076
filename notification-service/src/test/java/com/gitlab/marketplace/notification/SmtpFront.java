package com.gitlab.marketplace.notification;

import com.gitlab.marketplace.infrastructure.embedded.SmtpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A TCP front before the JVM's GreenMail SMTP server, for failures GreenMail does not make: while the system
 * property {@value #DOWN} is "true" it drops every connection, new ones before the greeting and open ones at
 * the client's next command (the server is down), and
 * it answers {@code RCPT TO} of an address containing "reject" with 550 (no such mailbox). Everything else
 * is a real SMTP conversation with GreenMail.
 */
public class SmtpFront implements QuarkusTestResourceLifecycleManager {

    static final String DOWN = "test.smtp.down";

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
                    relay(client, new Socket(smtp.host(), smtp.port()));
                } catch (IOException e) {
                    return;
                }
            }
        }, "smtp-front");
        acceptor.setDaemon(true);
        acceptor.start();
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(server.getLocalPort()),
                "quarkus.mailer.tls", "false", "quarkus.mailer.start-tls", "DISABLED");
    }

    private static void relay(Socket client, Socket upstream) {
        Thread down = new Thread(() -> copy(upstream, client), "smtp-front-down");
        down.setDaemon(true);
        down.start();
        Thread up = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.ISO_8859_1)); OutputStream toServer = upstream.getOutputStream();
                    OutputStream toClient = client.getOutputStream()) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (Boolean.getBoolean(DOWN)) {
                        break; // the server went down: connections the client keeps open die too
                    }
                    if (line.toUpperCase().startsWith("RCPT TO:") && line.toLowerCase().contains("reject")) {
                        synchronized (client) {
                            toClient.write("550 5.1.1 Recipient address rejected: mailbox unavailable\r\n"
                                    .getBytes(StandardCharsets.ISO_8859_1));
                            toClient.flush();
                        }
                        continue;
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

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                synchronized (to) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // closed
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
