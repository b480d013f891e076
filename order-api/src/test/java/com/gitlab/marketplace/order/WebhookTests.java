package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.get;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static com.gitlab.marketplace.order.Orders.placeAsync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.marketplace.events.notification.LicenseNotificationSent;
import com.gitlab.marketplace.events.salesforce.SalesforceRecordsCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks (API.md §2.7) from outside: an endpoint set through the partner API, a receiver on loopback that answers
 * as each test says, the signatures checked here as the Standard Webhooks specification defines them (HMAC-SHA256
 * over id.timestamp.body, independently of order-api's code), and the delivery log.
 */
@QuarkusTest
class WebhookTests {

    private static final String WEBHOOK = "/api/v1/marketplace/webhook";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Receiver> receivers = new ArrayList<>();
    private String partnerId;
    private String token;

    @BeforeEach
    void aPartner() {
        partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        token = TestTokens.partner(partnerId, "marketplace.order:create");
    }

    @AfterEach
    void stopReceivers() {
        receivers.forEach(receiver -> receiver.server.stop(0));
    }

    @Test
    void anOrdersStatusesArriveInOrderSignedOnceEachEvenWhenAnAttemptFails() throws Exception {
        // The first attempt fails: the events behind it wait until it is delivered.
        Receiver receiver = receiver(new int[] {503}, 0);
        String secret = set(token, receiver.url(), List.of("subscription.updated", "change.updated"))
                .statusCode(200).body("enabled", equalTo(true)).body("secret", startsWith("whsec_"))
                .extract().path("secret");
        given().auth().oauth2(token).get(WEBHOOK).then().statusCode(200)
                .body("url", equalTo(receiver.url())).body("secret", nullValue());

        String externalId = newExternalId();
        UUID orderId = UUID.fromString(placeAsync(token, body(externalId)).statusCode(202).extract().path("id"));
        LocalDate start = LocalDate.now(ZoneOffset.UTC);
        Platform.publish(new ZuoraSubscriptionCreated(orderId, "A-S00000077", "A00024362", "O-1", Instant.now(), start,
                start.plusMonths(12), true));
        Platform.publish(new SalesforceRecordsCreated(orderId, "001A", "003C", "006O", "A-S00000077", Instant.now()));
        Platform.publish(new LicenseNotificationSent(orderId, "A-S00000077", "lic", "ada@acme.example", Instant.now()));

        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.delivered().stream()
                .anyMatch(event -> "Provisioned".equals(event.body.at("/data/status").asText())));
        List<Request> delivered = receiver.delivered();
        List<String> statuses = new ArrayList<>();
        for (Request event : delivered) {
            assertThat(event.body.path("type").asText()).isEqualTo("subscription.updated");
            assertThat(event.body.at("/data/externalSubscriptionId").asText()).isEqualTo(externalId);
            assertThat(verified(event, secret)).as("signature of " + event.id).isTrue();
            String status = event.body.at("/data/status").asText();
            if (statuses.isEmpty() || !statuses.get(statuses.size() - 1).equals(status)) {
                statuses.add(status);
            }
        }
        assertThat(statuses).containsExactly("Creating", "Created", "Provisioned");
        assertThat(delivered.stream().map(event -> event.id).distinct().count()).isEqualTo(delivered.size());
        // The failed attempt was the first event, sent again with the same webhook-id.
        assertThat(receiver.requests.peek().id).isEqualTo(delivered.get(0).id);

        JsonPath log = given().auth().oauth2(token).get(WEBHOOK + "/deliveries").then().statusCode(200)
                .extract().jsonPath();
        assertThat(log.getList("deliveries.state")).containsOnly("delivered");
        assertThat(log.getList("deliveries.id")).last().isEqualTo(delivered.get(0).id);
        assertThat(log.getInt("deliveries[-1].attempts")).isEqualTo(2);
        assertThat(log.getInt("deliveries[-1].lastStatusCode")).isEqualTo(200);

        // Operators see the order's deliveries in its timeline.
        JsonPath timeline = given().auth().oauth2(TestTokens.operator()).get("/admin/orders/{id}", orderId).then()
                .statusCode(200).extract().jsonPath();
        assertThat(timeline.getList("timeline.findAll { it.kind == 'webhook' }.outcome"))
                .hasSize(delivered.size()).containsOnly("delivered");
        assertThat(timeline.getString("timeline.find { it.kind == 'webhook' }.detail"))
                .contains("webhook-id " + delivered.get(0).id, "2 attempts");
    }

    @Test
    void aPingFailingTwiceIsRetriedThenRedeliveredOnRequestWithTheSameId() throws Exception {
        Receiver receiver = receiver(new int[] {500, 502}, 0);
        String secret = set(token, receiver.url(), List.of("subscription.updated")).statusCode(200)
                .extract().path("secret");
        String id = given().auth().oauth2(token).post(WEBHOOK + "/test").then().statusCode(202)
                .body("type", equalTo("ping")).body("state", equalTo("pending")).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().size() == 1);
        assertThat(receiver.requests).extracting(request -> request.id).containsExactly(id, id, id);
        assertThat(verified(receiver.delivered().get(0), secret)).isTrue();
        awaitDelivery(id, "delivered").body("attempts", equalTo(3)).body("lastStatusCode", equalTo(200));

        given().auth().oauth2(token).post(WEBHOOK + "/deliveries/{id}/redeliver", id).then().statusCode(202)
                .body("state", equalTo("pending"));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().size() == 2);
        assertThat(receiver.delivered().get(1).id).isEqualTo(id);
        given().auth().oauth2(token).post(WEBHOOK + "/deliveries/{id}/redeliver", UUID.randomUUID()).then()
                .statusCode(404);
        given().auth().oauth2(token).post(WEBHOOK + "/deliveries/{id}/redeliver", "not-an-id").then()
                .statusCode(404).body("error", equalTo("not_found"));
    }

    @Test
    void aRotatedSecretSignsBesideThePreviousOne() throws Exception {
        Receiver receiver = receiver(new int[0], 0);
        String first = set(token, receiver.url(), List.of("subscription.updated")).extract().path("secret");
        String second = given().auth().oauth2(token).post(WEBHOOK + "/rotate-secret").then().statusCode(200)
                .body("secret", startsWith("whsec_")).extract().path("secret");
        assertThat(second).isNotEqualTo(first);
        // Setting the endpoint again keeps the secret and does not show it.
        set(token, receiver.url(), List.of("subscription.updated", "change.updated")).statusCode(200)
                .body("secret", nullValue());

        given().auth().oauth2(token).post(WEBHOOK + "/test").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().size() == 1);
        Request ping = receiver.delivered().get(0);
        assertThat(ping.signature.split(" ")).hasSize(2);
        assertThat(verified(ping, first)).as("the previous secret verifies").isTrue();
        assertThat(verified(ping, second)).as("the new secret verifies").isTrue();
    }

    @Test
    void anEndpointAnswering410IsDisabledUntilSetAgain() throws Exception {
        Receiver receiver = receiver(new int[] {410}, 0);
        set(token, receiver.url(), List.of("subscription.updated"));
        String id = given().auth().oauth2(token).post(WEBHOOK + "/test").then().statusCode(202).extract().path("id");
        awaitDelivery(id, "failed").body("lastStatusCode", equalTo(410));
        given().auth().oauth2(token).get(WEBHOOK).then().statusCode(200).body("enabled", equalTo(false))
                .body("disabledReason", equalTo("the endpoint answered 410 Gone"));
        given().auth().oauth2(token).post(WEBHOOK + "/test").then().statusCode(409)
                .body("error", equalTo("webhook_disabled"));
        // Nothing is sent while disabled: an order placed now has no delivery.
        placeAsync(token, body(newExternalId())).statusCode(202);

        set(token, receiver.url(), List.of("subscription.updated")).statusCode(200).body("enabled", equalTo(true));
        given().auth().oauth2(token).post(WEBHOOK + "/test").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().size() == 1);
        assertThat(receiver.delivered().get(0).body.path("type").asText()).isEqualTo("ping");
        given().auth().oauth2(token).delete(WEBHOOK).then().statusCode(204);
        given().auth().oauth2(token).get(WEBHOOK).then().statusCode(404);
    }

    @Test
    void aHangingEndpointDelaysNeitherOrdersNorAnotherPartnersEvents() throws Exception {
        Receiver hanging = receiver(new int[0], 30_000);
        set(token, hanging.url(), List.of("subscription.updated"));
        for (int i = 0; i < 8; i++) {
            given().auth().oauth2(token).post(WEBHOOK + "/test").then().statusCode(202);
        }
        String externalId = newExternalId();
        placeAsync(token, body(externalId)).statusCode(202);

        String other = Platform.registerPartner();
        Platform.awaitReplicated(other);
        String otherToken = TestTokens.partner(other, "marketplace.order:create");
        Receiver answering = receiver(new int[0], 0);
        set(otherToken, answering.url(), List.of("subscription.updated"));
        long started = System.nanoTime();
        given().auth().oauth2(otherToken).post(WEBHOOK + "/test").then().statusCode(202);
        await().atMost(Duration.ofSeconds(8)).until(() -> answering.delivered().size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the other partner's ping")
                .isLessThan(Duration.ofSeconds(8));
        get(token, externalId).statusCode(200).body("status", equalTo("Creating"));
        assertThat(hanging.requests.size()).as("attempts at once to the hanging endpoint").isLessThanOrEqualTo(4);
    }

    @Test
    void urlsThatWouldReachInsideOrCarryCredentialsAreRefused() {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("https://10.0.0.7/hooks", "a private address"),
                Map.entry("https://169.254.169.254/latest/meta-data", "a cloud metadata address"),
                Map.entry("https://[fd00:ec2::254]/", "a cloud metadata address"),
                Map.entry("https://100.64.0.1/", "a private address"),
                Map.entry("https://0.0.0.0/", "not a public address"),
                Map.entry("https://user:secret@93.184.216.34/hooks", "must not carry credentials"),
                Map.entry("http://93.184.216.34/hooks", "must be an https URL"),
                Map.entry("ftp://93.184.216.34/hooks", "must be an https URL"),
                Map.entry("https://no-such-host.invalid/hooks", "does not resolve"),
                Map.entry("https://[2002:a00:7::1]/hooks", "not a public address"),
                Map.entry("https://[64:ff9b::a00:7]/hooks", "not a public address"));
        refused.forEach((url, why) -> set(token, url, List.of("subscription.updated")).statusCode(422)
                .body("error", equalTo("invalid_webhook_url"))
                .body("details[0].field", equalTo("url"))
                .body("details[0].message", org.hamcrest.Matchers.containsString(why)));
        set(token, "https://93.184.216.34/hooks", List.of("order.created")).statusCode(422)
                .body("error", equalTo("validation_failed")).body("details[0].field", equalTo("events[0]"));
        set(token, "https://93.184.216.34/hooks", List.of()).statusCode(422)
                .body("details[0].field", equalTo("events"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"url\": \"https://93.184.216.34/\", "
                + "\"events\": \"subscription.updated\"}").put(WEBHOOK).then().statusCode(422)
                .body("details[0].field", equalTo("events")).body("details[0].message", equalTo("must be an array"));
        given().auth().oauth2(token).get(WEBHOOK).then().statusCode(404);
        // The partner API's read scope does not manage webhooks.
        given().auth().oauth2(TestTokens.partner(partnerId, "marketplace.order:read")).get(WEBHOOK).then()
                .statusCode(403);
    }

    @Test
    void theDeliveryLogPagesNewestFirst() throws Exception {
        Receiver receiver = receiver(new int[0], 0);
        set(token, receiver.url(), List.of("subscription.updated"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(given().auth().oauth2(token).post(WEBHOOK + "/test").then().statusCode(202).extract().path("id"));
        }
        List<String> listed = new ArrayList<>();
        String pageToken = null;
        do {
            var request = given().auth().oauth2(token).queryParam("pageSize", 2);
            if (pageToken != null) {
                request.queryParam("pageToken", pageToken);
            }
            JsonPath page = request.get(WEBHOOK + "/deliveries").then().statusCode(200).extract().jsonPath();
            listed.addAll(page.getList("deliveries.id"));
            pageToken = page.getString("nextPageToken");
        } while (pageToken != null);
        assertThat(listed).containsExactly(ids.get(2), ids.get(1), ids.get(0));
        given().auth().oauth2(token).queryParam("pageSize", 0).get(WEBHOOK + "/deliveries").then().statusCode(422)
                .body("details[0].field", equalTo("pageSize"));
    }

    private ValidatableResponse set(String bearer, String url, List<String> events) {
        return given().auth().oauth2(bearer).contentType(ContentType.JSON).body(Map.of("url", url, "events", events))
                .put(WEBHOOK).then();
    }

    private ValidatableResponse awaitDelivery(String id, String state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(token).get(WEBHOOK + "/deliveries")
                .then().extract().jsonPath().getList("deliveries.findAll { it.id == '" + id + "' }.state")
                .contains(state));
        int index = given().auth().oauth2(token).get(WEBHOOK + "/deliveries").then().extract().jsonPath()
                .getList("deliveries.id").indexOf(id);
        return given().auth().oauth2(token).get(WEBHOOK + "/deliveries").then()
                .rootPath("deliveries[" + index + "]");
    }

    /** The Standard Webhooks check: one of the header's v1 signatures is HMAC-SHA256(id.timestamp.body). */
    private static boolean verified(Request request, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((request.id + "." + request.timestamp
                + "." + request.raw).getBytes(StandardCharsets.UTF_8)));
        long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(request.timestamp));
        return age < 300 && List.of(request.signature.split(" ")).contains(expected);
    }

    private record Request(String id, String timestamp, String signature, String raw, JsonNode body, int answered) {
    }

    /** A webhook endpoint on loopback: answers the given statuses in turn (then 200), after {@code delayMillis}. */
    private Receiver receiver(int[] statuses, long delayMillis) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        Receiver receiver = new Receiver(server, new ConcurrentLinkedQueue<>(), new java.util.concurrent.atomic
                .AtomicInteger());
        IntSupplier next = () -> {
            int n = receiver.count.getAndIncrement();
            return n < statuses.length ? statuses[n] : 200;
        };
        server.createContext("/hooks", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            if (delayMillis > 0) {
                receiver.requests.add(new Request(exchange.getRequestHeaders().getFirst("webhook-id"), null, null,
                        null, null, 0));
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            int status = next.getAsInt();
            String text = new String(raw, StandardCharsets.UTF_8);
            receiver.requests.add(new Request(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), text, JSON.readTree(text), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        receivers.add(receiver);
        return receiver;
    }

    private record Receiver(HttpServer server, ConcurrentLinkedQueue<Request> requests,
            AtomicInteger count) {

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
        }

        List<Request> delivered() {
            return requests.stream().filter(request -> request.answered >= 200 && request.answered < 300).toList();
        }
    }
}
