package com.gitlab.marketplace.deploy.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.infrastructure.embedded.TopicRecords;
import com.gitlab.marketplace.oauth.scopes.Scopes;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * What a partner and an operator do first, against the running stack: the operator onboards a partner and
 * issues its credentials, the partner gets a token and places an order, and the events are seen on Kafka.
 */
public final class Demo {

    public static final String PARTNER_ID = "demo-partner";
    static final String CUSTOMER_EMAIL = "ada@acme.example";
    public static final String TRADING_PARTNER_ID = "0018X00003TPartnr";
    public static final String EXTERNAL_SUBSCRIPTION_ID = "DEMO-PO-0001";
    /** The demo's change to the subscription: more seats, as a partner adds them mid-term. */
    public static final String CHANGE_ID = "DEMO-PO-0001-A1";
    public static final int ORDERED_SEATS = 25;
    public static final int SEATS_AFTER_CHANGE = 30;

    private final LocalStack stack;
    private final PrintStream out;
    private final StackClient client;

    public Demo(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
        this.client = new StackClient(stack.gatewayUrl());
    }

    public Result run() throws IOException, InterruptedException {
        // Operators use token-service directly (the operator API is not on the partner host); partners the gateway.
        String base = stack.tokenServiceUrl();
        String partnerHost = stack.gatewayUrl();
        out.println();
        out.println("Demo: operator onboards a partner, the partner gets a token and places an order");
        String operatorToken = client.token(stack.operatorId(), stack.operatorSecret(), Scopes.ADMIN)
                .path("access_token").asText();
        out.println("  1. operator token obtained (scope marketplace.admin)");

        Map<String, Object> partner = new HashMap<>(partnerFields());
        partner.put("partnerId", PARTNER_ID);
        StackClient.expect(client.call("POST", base + "/admin/partners", operatorToken, partner), 201);
        out.println("  2. partner '" + PARTNER_ID + "' registered");

        JsonNode issued = StackClient.expect(client.call("POST", base + "/admin/clients", operatorToken,
                Map.of("partnerId", PARTNER_ID, "scopes", List.of(Scopes.ORDER_CREATE, Scopes.ORDER_READ),
                        "description", "demo partner integration")), 201);
        String clientId = issued.path("clientId").asText();
        String clientSecret = issued.path("clientSecret").asText();
        out.println("  3. client credentials issued: client_id=" + clientId);

        JsonNode token = client.token(clientId, clientSecret, Scopes.ORDER_CREATE);
        String accessToken = token.path("access_token").asText();
        JsonNode claims = StackClient.JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        out.println("  4. partner token: expires_in=" + token.path("expires_in") + ", scope=" + token.path("scope")
                + ", partner_id=" + claims.path("partner_id").asText());

        WebhookReceiver receiver = WebhookReceiver.start();
        stack.stopWithStack(receiver);
        String webhookSecret = StackClient.expect(client.call("PUT", partnerHost + "/api/v1/marketplace/webhook",
                accessToken, Map.of("url", receiver.url(), "events", List.of("subscription.updated",
                        "change.updated"))), 200).path("secret").asText();
        out.println("     the partner set its webhook endpoint " + receiver.url() + " (its signing secret is shown once)");

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
        String statusUrl = orders + "/" + EXTERNAL_SUBSCRIPTION_ID;
        client.awaitStatus(statusUrl, accessToken, "Provisioned", Duration.ofSeconds(60));
        HttpResponse<String> read = client.call("GET", statusUrl, accessToken, null);
        JsonNode status = StackClient.expect(read, 200);
        out.println("  9. salesforce-connector made the account, contact, opportunity and its line in the "
                + "Salesforce sandbox; notification-service issued the license and emailed it to the customer");
        out.println(" 10. GET status: " + status.path("status").asText() + " (RateLimit-Remaining "
                + read.headers().firstValue("RateLimit-Remaining").orElse("?") + " of "
                + read.headers().firstValue("RateLimit-Limit").orElse("?") + " reads a minute)");
        JsonNode change = addSeats(statusUrl, accessToken);
        out.println(" 11. the partner added seats (" + ORDERED_SEATS + " -> " + SEATS_AFTER_CHANGE + "): change "
                + CHANGE_ID + " is " + change.path("status").asText() + "; Zuora made version 2 of the subscription and "
                + "the customer got a license for " + SEATS_AFTER_CHANGE);
        Path email = saveLicenseEmail();
        out.println(" 12. the license emails, as the local SMTP server received them (the latest): " + email);
        List<WebhookReceiver.Received> events = awaitWebhooks(receiver, webhookSecret);
        out.println(" 13. the partner's webhook endpoint received " + events.size() + " events, each signature "
                + "verified:");
        events.forEach(received -> out.println("       " + received.json().path("type").asText() + " "
                + received.json().at("/data/status").asText() + (received.json().has("data")
                && received.json().path("data").has("externalChangeId")
                ? " (change " + received.json().at("/data/externalChangeId").asText() + ")" : "")));

        out.println();
        out.println("Try it yourself (local demo credentials, printed once):");
        out.println("  curl -s -u '" + clientId + ":" + clientSecret + "' -d grant_type=client_credentials \\");
        out.println("       -d scope=marketplace.order:create " + partnerHost + "/oauth/token");
        out.println("  curl -s " + partnerHost + "/.well-known/openid-configuration");
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + statusUrl);
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + statusUrl + "/changes");
        out.println("  API documentation: " + partnerHost + "/openapi_docs/marketplace/");
        out.println("  Operator CLI: MARKETPLACE_URL=" + base + " MARKETPLACE_ADMIN_CLIENT_ID=" + stack.operatorId()
                + " MARKETPLACE_ADMIN_CLIENT_SECRET=" + stack.operatorSecret() + " \\");
        out.println("       java -jar deploy/admin-cli/target/marketplace-admin.jar partner list");
        out.println("  Sandboxes: Zuora " + stack.zuoraSandboxUrl() + "/sandbox/subscriptions, Salesforce "
                + stack.salesforceSandboxUrl() + "/sandbox/records/Opportunity");
        return new Result(clientId, clientSecret, accessToken, claims, event, placed, status, orderPlaced, callout,
                change, webhookSecret, events, receiver);
    }

    /**
     * The webhook events up to the last the demo causes (the change Completed and the subscription with its new
     * seats), each verified with the secret: the demo fails on one that is not.
     */
    private static List<WebhookReceiver.Received> awaitWebhooks(WebhookReceiver receiver, String secret)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<WebhookReceiver.Received> received = receiver.received();
            boolean complete = received.stream().anyMatch(r -> "change.updated".equals(r.json().path("type").asText())
                    && "Completed".equals(r.json().at("/data/status").asText()))
                    && received.stream().anyMatch(r -> r.json().at("/data/orderLines/0/quantity").asInt()
                    == SEATS_AFTER_CHANGE && "subscription.updated".equals(r.json().path("type").asText()));
            if (complete) {
                for (WebhookReceiver.Received request : received) {
                    if (!WebhookReceiver.verify(request, secret, Instant.now())) {
                        throw new IllegalStateException("webhook " + request.id() + " does not verify");
                    }
                }
                return received;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the webhook endpoint received " + received.size() + " events in 60 s, "
                        + "not yet the change's; see order-api's log");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Sets the demo partner's limits (API.md §2.8) as an operator would for a load test, and waits until order-api
     * applies them: the benchmarks send far more than the default 600 orders and 6,000 reads a minute.
     */
    public static void setLimits(LocalStack stack, Result demo, int perMinute) throws InterruptedException {
        StackClient client = new StackClient(stack.gatewayUrl());
        String operatorToken = client.token(stack.operatorId(), stack.operatorSecret(), Scopes.ADMIN)
                .path("access_token").asText();
        Map<String, Object> partner = new HashMap<>(partnerFields());
        partner.put("rateLimit", Map.of("ordersPerMinute", perMinute, "readsPerMinute", perMinute));
        StackClient.expect(client.call("PUT", stack.tokenServiceUrl() + "/admin/partners/" + PARTNER_ID,
                operatorToken, partner), 200);
        String statusUrl = stack.gatewayUrl() + "/api/v1/marketplace/subscriptions/" + EXTERNAL_SUBSCRIPTION_ID;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // No header at all: limits are switched off in order-api (order-api.rate-limits.enabled=false).
        while (!client.call("GET", statusUrl, demo.accessToken(), null).headers().firstValue("RateLimit-Limit")
                .map(Integer.toString(perMinute)::equals).orElse(true)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("order-api did not apply the demo partner's new limits within 60 s");
            }
            Thread.sleep(250);
        }
    }

    /** The demo partner as the operator registers it (a change sends them all again: it replaces the partner). */
    private static Map<String, Object> partnerFields() {
        return Map.of("name", "Demo Distributor", "zuoraInvoiceOwnerAccountNumber", LocalStack.ZUORA_INVOICE_OWNER,
                "salesforceDistributorAccountId", "0018X00003Distrib",
                "permittedTradingPartnerIds", List.of(TRADING_PARTNER_ID));
    }

    /**
     * A change to the live subscription (API.md §2.6): more seats, accepted as Pending, then Completed once Zuora made
     * it; the customer's new license follows.
     */
    private JsonNode addSeats(String statusUrl, String token) throws InterruptedException {
        Map<String, Object> change = Map.of("externalChangeId", CHANGE_ID, "action", "updateQuantity",
                "orderLines", List.of(Map.of("productId", "premium-saas-1y", "quantity", SEATS_AFTER_CHANGE)));
        StackClient.expect(client.call("POST", statusUrl + "/changes", token, change), 202);
        String changeUrl = statusUrl + "/changes/" + CHANGE_ID;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode current = StackClient.expect(client.call("GET", changeUrl, token, null), 200);
            if (!"Pending".equals(current.path("status").asText())) {
                if (!"Completed".equals(current.path("status").asText())) {
                    throw new IllegalStateException("the demo's change ended " + current);
                }
                awaitEmails(2);
                return current;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo's change is still Pending after 60 s; see zuora-connector's log");
            }
            Thread.sleep(250);
        }
    }

    private void awaitEmails(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (stack.smtp().receivedMessages().stream().filter(this::toDemoCustomer).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo customer did not get " + count + " emails within 60 s; see "
                        + "notification-service's log");
            }
            Thread.sleep(250);
        }
    }

    private boolean toDemoCustomer(jakarta.mail.internet.MimeMessage message) {
        try {
            return String.valueOf(message.getAllRecipients()[0]).equals(CUSTOMER_EMAIL);
        } catch (jakarta.mail.MessagingException e) {
            return false;
        }
    }

    /** Places the demo order; order-api may still be learning of the new partner, so retry while it says so. */
    private JsonNode placeOrder(String url, String token) throws InterruptedException {
        Map<String, Object> order = StackClient.order(EXTERNAL_SUBSCRIPTION_ID, TRADING_PARTNER_ID, CUSTOMER_EMAIL);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HttpResponse<String> response = client.call("POST", url, token, order);
            if (response.statusCode() != 403 || System.nanoTime() > deadline) {
                return StackClient.expect(response, 201);
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

    private ReceivedEvent awaitEvent(String topic, String key) {
        return awaitEvent(topic, key, null);
    }

    /** The first event on {@code topic} with this key (and of this type, unless null). */
    private ReceivedEvent awaitEvent(String topic, String key, EventType type) {
        try (KafkaConsumer<String, byte[]> consumer = TopicRecords.observer(stack.kafkaBootstrapServers(),
                "local-stack-demo", true)) {
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
    public record Result(String clientId, String clientSecret, String accessToken, JsonNode claims,
            ReceivedEvent partnerEvent, JsonNode placed, JsonNode orderStatus, ReceivedEvent orderPlaced,
            ReceivedEvent callout, JsonNode change, String webhookSecret, List<WebhookReceiver.Received> webhookEvents,
            WebhookReceiver webhookReceiver) {
    }
}
