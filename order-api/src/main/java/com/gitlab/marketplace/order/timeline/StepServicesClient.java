package com.gitlab.marketplace.order.timeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.marketplace.order.config.OrderApiConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reads an order's steps from each service that keeps steps ({@code GET /admin/orders/{orderId}/steps}), in
 * parallel, with the operator's own token, each within a deadline. A service that does not answer in time or
 * refuses is reported as unreachable; the rest of the timeline is still shown.
 */
@ApplicationScoped
public class StepServicesClient {

    private static final Logger LOG = Logger.getLogger(StepServicesClient.class);

    private final List<URI> services;
    private final Duration timeout;
    private final ObjectMapper json;
    private final HttpClient http;

    public StepServicesClient(OrderApiConfig config, ObjectMapper json) {
        this.services = config.stepServices().orElse(List.of());
        this.timeout = config.stepServicesTimeout();
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** What each service reported, or why it could not. */
    public record Answer(StepView.ServiceReport report, Unreachable unreachable) {
    }

    public Uni<List<Answer>> stepsOf(UUID orderId, String authorization) {
        List<Uni<Answer>> calls = new ArrayList<>();
        for (URI service : services) {
            calls.add(call(service, orderId, authorization));
        }
        // Mutiny refuses to join nothing; a deployment without step services has no tries to show.
        return calls.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(calls).andFailFast();
    }

    private Uni<Answer> call(URI service, UUID orderId, String authorization) {
        URI uri = service.resolve("/admin/orders/" + orderId + "/steps");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                .header("Authorization", authorization == null ? "" : authorization).GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        return unreachable(service, "answered HTTP " + response.statusCode());
                    }
                    try {
                        return new Answer(json.readValue(response.body(), StepView.ServiceReport.class), null);
                    } catch (IOException e) {
                        return unreachable(service, "answered a body that is not a step report");
                    }
                })
                .onFailure().recoverWithItem(e -> unreachable(service, e instanceof HttpTimeoutException
                        ? "no answer within " + timeout.toMillis() + " ms" : "unreachable (" + e.getClass()
                        .getSimpleName() + ")"));
    }

    private static Answer unreachable(URI service, String reason) {
        LOG.warnf("the steps of an order could not be read from %s: %s", service, reason);
        return new Answer(null, new Unreachable(service.toString(), reason));
    }
}
