package com.gitlab.marketplace.infrastructure.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP requests written byte for byte, for tests of what a server does with paths and headers an HTTP client
 * would normalise or refuse to send ({@code /a/../b}, {@code %2e%2e}, oversized declarations).
 */
public final class RawRequests {

    private RawRequests() {
    }

    /** The status of {@code GET path} sent as is to {@code host:port}. */
    public static int get(String host, int port, String path) throws IOException {
        return status(host, port, "GET " + path + " HTTP/1.1");
    }

    /** The status of a request with this request line, Host and Connection: close, sent as is. */
    public static int status(String host, int port, String requestLine) throws IOException {
        String line = statusLine(host, port, requestLine + "\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        return Integer.parseInt(line.split(" ")[1]);
    }

    /** Writes the request exactly as given and returns the answer's status line. */
    public static String statusLine(String host, int port, String request) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                line.write(b);
            }
            return line.toString(StandardCharsets.ISO_8859_1).trim();
        }
    }
}
