package com.gitlab.marketplace.pg.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy whose open connections can be frozen: bytes are swallowed in both directions while both
 * sockets stay open, which is how a peer looks when its host died or a firewall dropped the flow. New
 * connections are forwarded normally.
 */
final class FreezableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<Link> links = new CopyOnWriteArrayList<>();

    FreezableProxy(String host, int port) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Link link = new Link(client, new Socket(host, port));
                    links.add(link);
                    link.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void freezeOpenConnections() {
        links.forEach(link -> link.frozen = true);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Link link : links) {
            link.client.close();
            link.upstream.close();
        }
    }

    private static final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean frozen;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() {
            pump(client, upstream);
            pump(upstream, client);
        }

        private void pump(Socket from, Socket to) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int read;
                    while ((read = in.read(buffer)) >= 0) {
                        if (!frozen) {
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "proxy-pump");
            thread.setDaemon(true);
            thread.start();
        }
    }
}
