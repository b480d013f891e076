package com.gitlab.marketplace.deploy.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a partner and an operator do first, against the running stack: the operator onboards a partner and
 * issues its credentials, the partner gets a token, and the partner event is seen on Kafka.
 */
final class Demo {

    static final String PARTNER_ID = "demo-partner";
    static final String TRADING_PARTNER_ID = "0018X00003TPartnr";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();

    Demo(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    Result run() throws IOException, InterruptedException {
        String base = stack.tokenServiceUrl();
        out.println();
        out.println("Demo: operator onboards a partner, the partner gets a token");
        String operatorToken = token(stack.operatorId(), stack.operatorSecret(), "marketplace.admin")
                .path("access_token").asText();
        out.println("  1. operator token obtained (scope marketplace.admin)");

        send("POST", "/admin/partners", operatorToken, Map.of("partnerId", PARTNER_ID, "name", "Demo Distributor",
                "zuoraInvoiceOwnerAccountNumber", "A00001234", "salesforceDistributorAccountId", "0018X00003Distrib",
                "permittedTradingPartnerIds", List.of(TRADING_PARTNER_ID)), 201);
        out.println("  2. partner '" + PARTNER_ID + "' registered");

        JsonNode client = send("POST", "/admin/clients", operatorToken, Map.of("partnerId", PARTNER_ID,
                "scopes", List.of("marketplace.order:create", "marketplace.order:read"),
                "description", "demo partner integration"), 201);
        String clientId = client.path("clientId").asText();
        String clientSecret = client.path("clientSecret").asText();
        out.println("  3. client credentials issued: client_id=" + clientId);

        JsonNode token = token(clientId, clientSecret, "marketplace.order:create");
        String accessToken = token.path("access_token").asText();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        out.println("  4. partner token: expires_in=" + token.path("expires_in") + ", scope=" + token.path("scope")
                + ", partner_id=" + claims.path("partner_id").asText());

        ReceivedEvent event = awaitPartnerEvent();
        out.println("  5. " + event.type().ceType() + " for " + event.attributes().subject() + " is on "
                + Topics.PARTNER_EVENTS + " (ce_id " + event.attributes().id() + ")");

        out.println();
        out.println("Try it yourself (local demo credentials, printed once):");
        out.println("  curl -s -u '" + clientId + ":" + clientSecret + "' -d grant_type=client_credentials \\");
        out.println("       -d scope=marketplace.order:create " + base + "/oauth/token");
        out.println("  curl -s " + base + "/.well-known/openid-configuration");
        out.println("  Operator CLI: MARKETPLACE_URL=" + base + " MARKETPLACE_ADMIN_CLIENT_ID=" + stack.operatorId()
                + " MARKETPLACE_ADMIN_CLIENT_SECRET=" + stack.operatorSecret() + " \\");
        out.println("       java -jar admin-cli/target/marketplace-admin.jar partner list");
        return new Result(clientId, clientSecret, accessToken, claims, event);
    }

    private JsonNode token(String clientId, String secret, String scope) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.tokenServiceUrl() + "/oauth/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + URLEncoder.encode(scope, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        return expect(response, 200);
    }

    private JsonNode send(String method, String path, String token, Object body, int expectedStatus)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.tokenServiceUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        return expect(response, expectedStatus);
    }

    private static JsonNode expect(HttpResponse<String> response, int status) throws IOException {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private ReceivedEvent awaitPartnerEvent() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-demo-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PARTNER_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(250))) {
                    if (PARTNER_ID.equals(record.key())) {
                        return EventRecords.read(record);
                    }
                }
            }
        }
        throw new IllegalStateException("no partner event for " + PARTNER_ID + " on " + Topics.PARTNER_EVENTS
                + " within 60 s; see the token-service log");
    }

    /** What the demo produced, for the end-to-end test to check. */
    record Result(String clientId, String clientSecret, String accessToken, JsonNode claims, ReceivedEvent partnerEvent) {
    }
}
