package com.gitlab.marketplace.order.webhook;

import com.gitlab.marketplace.order.config.OrderApiConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes one delivery attempt: a signed POST to the address {@link WebhookAddresses} checked (its host name in Host
 * and TLS SNI, so the name cannot resolve elsewhere between the check and the call), redirects not followed, and
 * only the status line and headers read: the connection is closed before any body, so a huge or endless answer costs
 * nothing. Blocking: runs on a step's worker thread, at most the delivery timeout.
 */
@ApplicationScoped
public class WebhookSender {

    static final String USER_AGENT = "GitLab-Marketplace-Webhooks/1.0";

    private final HttpClient client;
    private final Duration timeout;

    public WebhookSender(Vertx vertx, OrderApiConfig config) {
        this.timeout = config.webhooks().timeout();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setVerifyHost(true)
                .setForceSni(true)
                .setKeepAlive(false)
                .setMaxHeaderSize(8192)
                .setMaxPoolSize(64));
    }

    /** What the endpoint answered: a status, or no answer (the error says why), and its Retry-After if any. */
    public record Answer(Integer statusCode, Duration retryAfter, String error) {

        public boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    public Answer send(WebhookAddresses.Target target, String webhookId, long timestamp, String signature,
            String body) {
        boolean https = target.uri().getScheme().equalsIgnoreCase("https");
        String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty() ? "/"
                : target.uri().getRawPath();
        if (target.uri().getRawQuery() != null) {
            path += "?" + target.uri().getRawQuery();
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.uri().getHost())
                .setPort(target.port())
                .setSsl(https)
                .setURI(path)
                .setFollowRedirects(false)
                .setTimeout(timeout.toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", USER_AGENT)
                .putHeader("webhook-id", webhookId)
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signature);
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        try {
            return client.request(options)
                    .compose(request -> {
                        sent.set(request);
                        return request.send(Buffer.buffer(body));
                    })
                    .map(response -> {
                        Answer answer = new Answer(response.statusCode(), retryAfter(response.getHeader("Retry-After")),
                                null);
                        response.request().connection().close();
                        return answer;
                    })
                    .toCompletionStage().toCompletableFuture()
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The request's own timeout only counts silence: an endpoint trickling bytes would keep the socket.
            HttpClientRequest request = sent.get();
            if (request != null) {
                request.reset();
            }
            return new Answer(null, null, "no answer within " + timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Answer(null, null, cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, null, "interrupted");
        }
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
