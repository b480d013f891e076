package com.gitlab.marketplace.deploy.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo partner's webhook endpoint (API.md §2.7), on loopback in this JVM: it takes every event, answers 204,
 * and keeps what it received so the demo can show it and the tests can verify it. {@link #verify} is the check a
 * partner writes (Standard Webhooks: HMAC-SHA256 over id.timestamp.body with the secret's bytes, a recent timestamp,
 * one matching {@code v1} signature, compared in constant time); the README shows it.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** One request as it arrived: the three Standard Webhooks headers and the body as sent. */
    public record Received(String id, String timestamp, String signature, String body) {

        public JsonNode json() {
            try {
                return StackClient.JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("a webhook body that is not JSON: " + body, e);
            }
        }
    }

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "demo-webhook-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/webhooks", exchange -> {
            receiver.received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return receiver;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Whether {@code request} was signed with {@code secret} ({@code whsec_…}) within the last five minutes. */
    public static boolean verify(Received request, String secret, Instant now) {
        long timestamp;
        try {
            timestamp = Long.parseLong(request.timestamp());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            expected = mac.doFinal((request.id() + "." + request.timestamp() + "." + request.body())
                    .getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
        for (String signature : request.signature().split(" ")) {
            try {
                if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(signature.substring(3)))) {
                    return true;
                }
            } catch (IllegalArgumentException notBase64) {
                // not one of ours; try the next
            }
        }
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
