package com.gitlab.marketplace.deploy.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.EventType;
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
import java.nio.file.Files;
import java.nio.file.Path;
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
 * issues its credentials, the partner gets a token and places an order, and the events are seen on Kafka.
 */
final class Demo {

    static final String PARTNER_ID = "demo-partner";
    static final String ZUORA_INVOICE_OWNER = "A00001234";
    static final String CUSTOMER_EMAIL = "ada@acme.example";
    static final String TRADING_PARTNER_ID = "0018X00003TPartnr";
    static final String EXTERNAL_SUBSCRIPTION_ID = "DEMO-PO-0001";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();

    Demo(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    Result run() throws IOException, InterruptedException {
        // Operators use token-service directly (the operator API is not on the partner host); partners the gateway.
        String base = stack.tokenServiceUrl();
        String partnerHost = stack.gatewayUrl();
        out.println();
        out.println("Demo: operator onboards a partner, the partner gets a token and places an order");
        String operatorToken = token(stack.operatorId(), stack.operatorSecret(), "marketplace.admin")
                .path("access_token").asText();
        out.println("  1. operator token obtained (scope marketplace.admin)");

        send("POST", base + "/admin/partners", operatorToken, Map.of("partnerId", PARTNER_ID, "name", "Demo Distributor",
                "zuoraInvoiceOwnerAccountNumber", ZUORA_INVOICE_OWNER, "salesforceDistributorAccountId", "0018X00003Distrib",
                "permittedTradingPartnerIds", List.of(TRADING_PARTNER_ID)), 201);
        out.println("  2. partner '" + PARTNER_ID + "' registered");

        JsonNode client = send("POST", base + "/admin/clients", operatorToken, Map.of("partnerId", PARTNER_ID,
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

        ReceivedEvent event = awaitEvent(Topics.PARTNER_EVENTS, PARTNER_ID);
        out.println("  5. " + event.type().ceType() + " for " + event.attributes().subject() + " is on "
                + Topics.PARTNER_EVENTS + " (ce_id " + event.attributes().id() + ")");

        String orders = partnerHost + "/api/v1/marketplace/subscriptions";
        JsonNode placed = placeOrder(orders, accessToken);
        String orderId = placed.path("id").asText();
        out.println("  6. order " + EXTERNAL_SUBSCRIPTION_ID + " accepted: 201, status=" + placed.path("status").asText()
                + ", Zuora subscription " + placed.path("subscriptionNumber").asText() + ", id=" + orderId);
        ReceivedEvent orderPlaced = awaitEvent(Topics.ORDER_EVENTS, orderId, EventType.ORDER_PLACED);
        out.println("  7. " + orderPlaced.type().ceType() + " is on " + Topics.ORDER_EVENTS
                + "; zuora-connector created the subscription in the Zuora sandbox");
        ReceivedEvent callout = awaitEvent(Topics.ZUORA_EVENTS, orderId, EventType.ZUORA_CALLOUT_RECEIVED);
        out.println("  8. Zuora's callout came back to zuora-connector: " + callout.type().ceType() + " is on "
                + Topics.ZUORA_EVENTS);
        JsonNode status = awaitStatus(orders + "/" + EXTERNAL_SUBSCRIPTION_ID, accessToken, "Provisioned");
        out.println("  9. salesforce-connector made the account, contact, opportunity and its line in the "
                + "Salesforce sandbox; notification-service issued the license and emailed it to the customer");
        out.println(" 10. GET status: " + status.path("status").asText());
        Path email = saveLicenseEmail();
        out.println(" 11. the license email, as the local SMTP server received it: " + email);

        out.println();
        out.println("Try it yourself (local demo credentials, printed once):");
        out.println("  curl -s -u '" + clientId + ":" + clientSecret + "' -d grant_type=client_credentials \\");
        out.println("       -d scope=marketplace.order:create " + partnerHost + "/oauth/token");
        out.println("  curl -s " + partnerHost + "/.well-known/openid-configuration");
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + orders + "/" + EXTERNAL_SUBSCRIPTION_ID);
        out.println("  API documentation: " + partnerHost + "/openapi-docs");
        out.println("  Operator CLI: MARKETPLACE_URL=" + base + " MARKETPLACE_ADMIN_CLIENT_ID=" + stack.operatorId()
                + " MARKETPLACE_ADMIN_CLIENT_SECRET=" + stack.operatorSecret() + " \\");
        out.println("       java -jar deploy/admin-cli/target/marketplace-admin.jar partner list");
        return new Result(clientId, clientSecret, accessToken, claims, event, placed, status, orderPlaced, callout);
    }

    private JsonNode token(String clientId, String secret, String scope) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/oauth/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + URLEncoder.encode(scope, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        return expect(response, 200);
    }

    private JsonNode send(String method, String url, String token, Object body, int expectedStatus)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        return expect(response, expectedStatus);
    }

    /** Places the demo order; order-api may still be learning of the new partner, so retry while it says so. */
    private JsonNode placeOrder(String url, String token) throws IOException, InterruptedException {
        Map<String, Object> order = Map.of("externalSubscriptionId", EXTERNAL_SUBSCRIPTION_ID,
                "tradingPartnerId", TRADING_PARTNER_ID,
                "customer", Map.of("companyName", "Acme Corp",
                        "contact", Map.of("firstName", "Ada", "lastName", "Lovelace", "email", CUSTOMER_EMAIL),
                        "address", Map.of("address1", "1 Main St", "city", "Springfield", "state", "IL",
                                "postalCode", "62701", "country", "US")),
                "orderLines", List.of(Map.of("productId", "premium-saas-1y", "quantity", 25)));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(order)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 403 || System.nanoTime() > deadline) {
                return expect(response, 201);
            }
            Thread.sleep(250);
        }
    }

    /** Saves every email the local SMTP server received (.eml) and returns the demo customer's. */
    private Path saveLicenseEmail() throws IOException {
        Path directory = Files.createDirectories(stack.mailDirectory());
        Path demoEmail = null;
        try {
            int n = 0;
            for (var message : stack.smtp().receivedMessages()) {
                Path file = directory.resolve(String.format("%03d-%s.eml", ++n,
                        String.valueOf(message.getAllRecipients()[0]).replaceAll("[^A-Za-z0-9@.+-]", "_")));
                try (var outFile = Files.newOutputStream(file)) {
                    message.writeTo(outFile);
                }
                if (String.valueOf(message.getAllRecipients()[0]).equals(CUSTOMER_EMAIL)) {
                    demoEmail = file;
                }
            }
        } catch (jakarta.mail.MessagingException e) {
            throw new IOException("cannot read the received email", e);
        }
        if (demoEmail == null) {
            throw new IllegalStateException("the local SMTP server received no email for " + CUSTOMER_EMAIL);
        }
        return demoEmail;
    }

    /** Polls the order as a partner would, until it has {@code wanted} (or a minute passed). */
    private JsonNode awaitStatus(String url, String token, String wanted) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode status = get(url, token);
        while (!wanted.equals(status.path("status").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            status = get(url, token);
        }
        return status;
    }

    private JsonNode get(String url, String token) throws IOException, InterruptedException {
        return expect(http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString()), 200);
    }

    private static JsonNode expect(HttpResponse<String> response, int status) throws IOException {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private ReceivedEvent awaitEvent(String topic, String key) {
        return awaitEvent(topic, key, null);
    }

    /** The first event on {@code topic} with this key (and of this type, unless null). */
    private ReceivedEvent awaitEvent(String topic, String key, EventType type) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "local-stack-demo-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(250))) {
                    if (key.equals(record.key())) {
                        ReceivedEvent event = EventRecords.read(record);
                        if (type == null || event.type() == type) {
                            return event;
                        }
                    }
                }
            }
        }
        throw new IllegalStateException("no event for " + key + " on " + topic + " within 60 s; see the service logs");
    }

    /** What the demo produced, for the end-to-end test to check. */
    record Result(String clientId, String clientSecret, String accessToken, JsonNode claims, ReceivedEvent partnerEvent,
            JsonNode placed, JsonNode orderStatus, ReceivedEvent orderPlaced, ReceivedEvent callout) {
    }
}
