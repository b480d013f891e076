package com.gitlab.marketplace.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.gitlab.marketplace.infrastructure.embedded.RawRequests;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The partner host as an attacker meets it: request lines written byte for byte on a socket (an HTTP client
 * would normalise them first), sent to the gateway of the running stack, whose services resolve dot segments
 * and encodings themselves. Every way around the partner surface is 404; the surface itself still answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningStack.class)
class GatewayTests {

    /** Each reaches an operator path or /q/** on some service once that service resolves it. */
    private static final List<String> TRAVERSALS = List.of(
            "/api/v1/marketplace/subscriptions/../../../../q/metrics",
            "/api/v1/marketplace/subscriptions/../../../../q/openapi-operator",
            "/.well-known/../q/metrics",
            "/oauth/../admin/partners",
            "/api/v1/marketplace/%2e%2e/%2e%2e/%2e%2e/q/metrics",
            "/api/v1/marketplace/%2E%2E/%2E%2E/%2E%2E/q/metrics",
            "/api/v1/marketplace/.%2e/.%2e/.%2e/q/metrics",
            "/api/v1/marketplace/..%2f..%2f..%2fq/metrics",
            "/api/v1/marketplace/..%2F..%2F..%2Fq/metrics",
            "/api/v1/marketplace/%252e%252e/%252e%252e/%252e%252e/q/metrics",
            "/api/v1/marketplace/..\\..\\..\\q/metrics",
            "/api/v1/marketplace/..%5c..%5c..%5cq/metrics",
            "/api/v1/marketplace/%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/q/metrics",
            "/api/v1/marketplace/./../../../q/metrics",
            "/api/v1/marketplace/subscriptions/..;/..;/..;/..;/q/metrics",
            "/api/v1/marketplace//../../../q/metrics",
            "/api/v1/marketplace/subscriptions/%00/../../../../q/metrics",
            "/api/v1/marketplace/..",
            "//q/metrics",
            "/q/metrics",
            "/Q/METRICS",
            "/admin/orders",
            "/admin/dead-letters",
            "/admin/orders/00000000-0000-0000-0000-000000000000/steps",
            "/ADMIN/orders",
            "/API/v1/marketplace/../../../q/metrics",
            "/openapi-operator",
            "/openapi/../q/openapi-operator",
            "/openapi_docs/marketplace/../../q/metrics",
            "/api/v1/zuora/callouts/../../../q/metrics",
            "/api/v1/licenses/public-keys/../../../q/metrics",
            "/.well-known/%2e%2e/admin/partners",
            "/oauth/%2e%2e%2fadmin/partners",
            "/api/v1/marketplace/subscriptions/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fq/metrics",
            "/api/v1/marketplace/subscriptions/%2",
            "/api/v1/marketplace/subscriptions/%zz");

    private static final List<String> HTTP_METHODS = List.of("get", "put", "post", "delete", "patch", "head",
            "options");

    private RunningStack running;
    private URI gateway;

    @BeforeAll
    void useTheRunningStack() {
        running = RunningStack.get();
        gateway = URI.create(running.stack().gatewayUrl());
    }

    @Test
    void everyTraversalFormIsNotFoundOnThePartnerHost() throws IOException {
        // What the forms aim at is there: the gateway, not a missing target, is what answers 404.
        assertThat(statusOf(URI.create(running.stack().orderApiUrl()), "GET /q/metrics HTTP/1.1")).isEqualTo(200);

        List<String> answered = new ArrayList<>();
        for (String target : TRAVERSALS) {
            int status = statusOf(gateway, "GET " + target + " HTTP/1.1");
            if (status != 404) {
                answered.add(status + " " + target);
            }
        }
        String absoluteForm = "http://127.0.0.1:" + gateway.getPort() + "/q/metrics";
        int absolute = statusOf(gateway, "GET " + absoluteForm + " HTTP/1.1");
        if (absolute != 404) {
            answered.add(absolute + " " + absoluteForm);
        }

        assertThat(answered).as("forms not answered 404 of %d", TRAVERSALS.size() + 1).isEmpty();
    }

    /** A route added to an operator API later is checked too: the list comes from the services' own documents. */
    @Test
    void noOperationOfAnyServicesOperatorDocumentIsReachableOnThePartnerHost() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<String> reached = new ArrayList<>();
        List<String> documents = new ArrayList<>();
        int operations = 0;
        for (var service : running.stack().services().entrySet()) {
            HttpResponse<String> document = http.send(HttpRequest.newBuilder(URI.create(service.getValue().baseUrl()
                    + "/q/openapi-operator?format=json")).build(), HttpResponse.BodyHandlers.ofString());
            if (document.statusCode() != 200) {
                continue; // a sandbox, or a service without an operator API document
            }
            documents.add(service.getKey());
            JsonNode paths = StackClient.JSON.readTree(document.body()).path("paths");
            for (var path : (Iterable<Map.Entry<String, JsonNode>>) paths::fields) {
                String target = path.getKey().replaceAll("\\{[^}]+}", "x");
                for (var method : (Iterable<String>) path.getValue()::fieldNames) {
                    if (!HTTP_METHODS.contains(method)) {
                        continue; // a path item's parameters or summary
                    }
                    operations++;
                    String request = method.toUpperCase(Locale.ROOT) + " " + target + " HTTP/1.1";
                    int status = statusOf(gateway, request);
                    if (status != 404) {
                        reached.add(status + " " + request + " (" + service.getKey() + ")");
                    }
                }
            }
        }

        assertThat(documents).contains("token-service", "order-api", "notification-service");
        assertThat(operations).as("operations in the operator documents").isGreaterThan(20);
        assertThat(reached).isEmpty();
    }

    @Test
    void thePartnerSurfaceStillAnswersThroughTheGateway() throws IOException {
        assertThat(statusOf(gateway, "GET /.well-known/openid-configuration HTTP/1.1")).isEqualTo(200);
        assertThat(statusOf(gateway, "GET /openapi HTTP/1.1")).isEqualTo(200);
        assertThat(statusOf(gateway, "GET /openapi_docs/marketplace/index.html HTTP/1.1")).isEqualTo(200);
        // Dots inside a segment, dot segments in the query and a partner's id with spaces or symbols (API.md
        // §2.2) are not traversal: they reach order-api, which asks for a token.
        assertThat(statusOf(gateway, "GET /api/v1/marketplace/subscriptions/order.1?x=../../q HTTP/1.1"))
                .isEqualTo(401);
        assertThat(statusOf(gateway, "GET /api/v1/marketplace/subscriptions/PO%20123%3B%23%C3%A9(1)+@x HTTP/1.1"))
                .isEqualTo(401);
    }

    @Test
    void aBodyLargerThanAnyPartnerRequestIsRefusedBeforeItReachesAService() throws IOException {
        String request = "POST /api/v1/marketplace/subscriptions HTTP/1.1\r\nHost: " + gateway.getHost()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + (10 * 1024 * 1024)
                + "\r\nConnection: close\r\n\r\n";
        assertThat(statusLine(gateway, request)).startsWith("HTTP/1.1 413");
    }

    private static int statusOf(URI server, String requestLine) throws IOException {
        return RawRequests.status(server.getHost(), server.getPort(), requestLine);
    }

    private static String statusLine(URI server, String request) throws IOException {
        return RawRequests.statusLine(server.getHost(), server.getPort(), request);
    }
}
