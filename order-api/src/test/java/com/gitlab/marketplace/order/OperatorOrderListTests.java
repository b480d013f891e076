package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static com.gitlab.marketplace.order.Orders.placeAsync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.events.notification.LicenseNotificationSent;
import com.gitlab.marketplace.events.order.OrderRedriveRequested;
import com.gitlab.marketplace.events.salesforce.SalesforceRecordsCreated;
import com.gitlab.marketplace.events.salesforce.SalesforceSyncFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operators' list of orders (GET /admin/orders): by partner and status, the stuck ones, paging, bad parameters,
 * and the stuck-orders gauge. Orders here stay where the test puts them: no connector runs beside order-api.
 * The test profile counts an order stuck after 1 s (order-api.stuck-after).
 */
@QuarkusTest
class OperatorOrderListTests {

    @TestHTTPResource("/")
    URL orderApi;

    private String partnerId;
    private String token;

    @BeforeEach
    void aPartner() {
        partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        token = TestTokens.partner(partnerId, "marketplace.order:create");
    }

    @Test
    void operatorsPageThroughAPartnersOrdersAndSeeWhatEachWaitsFor() {
        List<UUID> placed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            placed.add(place());
        }
        provision(placed.get(1), "A-S00000101");

        List<Map<String, Object>> seen = new ArrayList<>();
        JsonPath first = list(Map.of("partnerId", partnerId, "pageSize", 2)).statusCode(200).extract().jsonPath();
        seen.addAll(first.getList("orders"));
        assertThat(seen).hasSize(2);
        String next = first.getString("nextPageToken");
        assertThat(next).isNotBlank();
        JsonPath second = list(Map.of("partnerId", partnerId, "pageSize", 2, "pageToken", next)).statusCode(200)
                .extract().jsonPath();
        seen.addAll(second.getList("orders"));
        assertThat(second.getString("nextPageToken")).isNull();

        assertThat(seen).extracting(order -> UUID.fromString((String) order.get("id")))
                .containsExactlyInAnyOrderElementsOf(placed);
        assertThat(seen).allSatisfy(order -> assertThat(order.get("partnerId")).isEqualTo(partnerId));
        Map<String, Object> provisioned = byId(seen, placed.get(1));
        assertThat(provisioned.get("status")).isEqualTo("Provisioned");
        assertThat(provisioned.get("subscriptionNumber")).isEqualTo("A-S00000101");
        assertThat((List<?>) provisioned.get("waitingFor")).isEmpty();
        Map<String, Object> creating = byId(seen, placed.get(0));
        assertThat(creating.get("status")).isEqualTo("Creating");
        assertThat((List<?>) creating.get("waitingFor")).asList().containsExactly("zuora", "salesforce", "notification");
        // Ordered by last change: the order provisioned last comes last.
        assertThat(UUID.fromString((String) seen.get(2).get("id"))).isEqualTo(placed.get(1));

        JsonPath onlyProvisioned = list(Map.of("partnerId", partnerId, "status", "Provisioned")).statusCode(200)
                .extract().jsonPath();
        assertThat(onlyProvisioned.getList("orders.id")).containsExactly(placed.get(1).toString());

        JsonPath one = given().auth().oauth2(TestTokens.operator()).get("/admin/orders/{id}", placed.get(0)).then()
                .statusCode(200).extract().jsonPath();
        assertThat(one.getString("order.partnerId")).isEqualTo(partnerId);
        assertThat(one.getList("order.waitingFor")).containsExactly("zuora", "salesforce", "notification");
        assertThat(one.getList("operatorActions")).isEmpty();
        given().auth().oauth2(TestTokens.operator()).get("/admin/orders/{id}", UUID.randomUUID()).then()
                .statusCode(404);
    }

    @Test
    void ordersInProgressUnchangedForLongAreStuckAndCountedByStep() {
        UUID waitingForZuora = place();
        UUID waitingForSalesforce = place();
        UUID provisioned = place();
        Platform.awaitProcessed(Platform.publish(new ZuoraSubscriptionCreated(waitingForSalesforce, "A-S00000102",
                "A00024362", "O-00000102", Instant.now())));
        provision(provisioned, "A-S00000103");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(list(Map.of("partnerId", partnerId,
                "stuckFor", "PT1S")).statusCode(200).extract().jsonPath().getList("orders.id"))
                .containsExactlyInAnyOrder(waitingForZuora.toString(), waitingForSalesforce.toString()));
        assertThat(list(Map.of("partnerId", partnerId, "stuckFor", "PT1H")).statusCode(200).extract().jsonPath()
                .getList("orders")).isEmpty();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stuck("zuora")).isEqualTo(1.0);
            assertThat(stuck("salesforce")).isEqualTo(1.0);
        });
        // It moves on: the series stays, at zero.
        provision(waitingForSalesforce, "A-S00000102");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stuck("salesforce")).isEqualTo(0.0));
        assertThat(stuck("zuora")).isEqualTo(1.0);
    }

    @Test
    void badParametersAreNamedAndAPageTokenOnlyWorksForItsOwnFilters() {
        JsonPath bad = list(Map.of("status", "Bogus", "stuckFor", "soon", "pageSize", 0)).statusCode(422)
                .extract().jsonPath();
        assertThat(bad.getString("error")).isEqualTo("validation_failed");
        assertThat(bad.getList("details.field")).containsExactly("pageSize", "status", "stuckFor");
        assertThat(list(Map.of("status", "Provisioned", "stuckFor", "PT1M")).statusCode(422).extract().jsonPath()
                .getList("details.field")).containsExactly("stuckFor");
        assertThat(list(Map.of("pageSize", 201)).statusCode(422).extract().jsonPath().getList("details.field"))
                .containsExactly("pageSize");

        place();
        place();
        String token = list(Map.of("partnerId", partnerId, "pageSize", 1)).statusCode(200).extract()
                .jsonPath().getString("nextPageToken");
        assertThat(list(Map.of("partnerId", "someone-else", "pageSize", 1, "pageToken", token)).statusCode(400)
                .extract().jsonPath().getString("error")).isEqualTo("invalid_page_token");
        String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
        parts[1] = "0000000000000000";
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(
                String.join("|", parts).getBytes(StandardCharsets.UTF_8));
        list(Map.of("partnerId", partnerId, "pageSize", 1, "pageToken", altered)).statusCode(400);
        list(Map.of("partnerId", partnerId, "pageSize", 1, "pageToken", "not a token")).statusCode(400);
        list(Map.of("partnerId", partnerId, "pageSize", 1, "pageToken", token)).statusCode(200);
    }

    @Test
    void partnersCannotListOrders() {
        given().auth().oauth2(token).get("/admin/orders").then().statusCode(403);
        given().get("/admin/orders").then().statusCode(401);
    }

    @Test
    void theCommandLineListsStuckOrdersOneLineEachAndNamesABadParameter() {
        UUID stuck = place();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(list(Map.of("partnerId", partnerId,
                "stuckFor", "PT1S")).extract().jsonPath().getList("orders.id")).contains(stuck.toString()));

        AdminCommandLine.Run listed = cli("order", "list", "--partner-id", partnerId, "--stuck-for", "PT1S");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out().lines().filter(line -> line.startsWith(stuck.toString())).findFirst().orElseThrow())
                .contains(partnerId).contains("Creating").contains("zuora,salesforce,notification");
        assertThat(listed.out()).startsWith("ORDER").endsWith("(end of list)" + System.lineSeparator());

        AdminCommandLine.Run shown = cli("order", "show", stuck.toString(), "--json");
        assertThat(shown.out()).contains("\"partnerId\" : \"" + partnerId + "\"").contains("\"operatorActions\"")
                .contains("\"timeline\"");
        AdminCommandLine.Run readable = cli("order", "show", stuck.toString());
        List<String> lines = readable.out().lines().toList();
        assertThat(lines.get(0)).startsWith("order " + stuck).contains(partnerId);
        assertThat(lines.get(1)).startsWith("status Creating");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("order-api").contains("placed"));
        assertThat(lines).contains(">> no wait known to the services that answered", "!! steps not read from http://127.0.0.1:9: "
                + "unreachable (ConnectException)");

        AdminCommandLine.Run bad = cli("order", "list", "--stuck-for", "soon");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("validation_failed").contains("stuckFor").doesNotContain("at com.");
    }

    private AdminCommandLine.Run cli(String... args) {
        return AdminCommandLine.run(orderApi, args);
    }

    @Test
    void anOrderInProgressIsReDrivenWithItsReasonAuditedAndAFinishedOneIsNot() {
        UUID inProgress = place();
        UUID done = place();
        provision(done, "A-S00000102");

        given().auth().oauth2(TestTokens.operator()).contentType("application/json").body("{}")
                .post("/admin/orders/{id}/redrive", inProgress).then().statusCode(422)
                .body("error", equalTo("validation_failed"))
                .body("details[0].field", equalTo("reason"));
        given().auth().oauth2(TestTokens.operator()).contentType("application/json")
                .body("{\"reason\":\"" + "x".repeat(501) + "\"}")
                .post("/admin/orders/{id}/redrive", inProgress).then().statusCode(422)
                .body("details[0].field", equalTo("reason"));
        given().auth().oauth2(token).contentType("application/json").body(redrive("mine"))
                .post("/admin/orders/{id}/redrive", inProgress).then().statusCode(403);
        given().auth().oauth2(TestTokens.operator()).contentType("application/json").body(redrive("who?"))
                .post("/admin/orders/{id}/redrive", UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(TestTokens.operator()).contentType("application/json").body(redrive("again"))
                .post("/admin/orders/{id}/redrive", done).then().statusCode(409)
                .body("error", equalTo("not_in_progress"));

        for (String reason : List.of("Zuora outage INC-4711 over", "still waiting")) {
            given().auth().oauth2(TestTokens.operator()).contentType("application/json").body(redrive(reason))
                    .post("/admin/orders/{id}/redrive", inProgress).then().statusCode(202)
                    .body("id", equalTo(inProgress.toString()))
                    .body("status", equalTo("Creating"));
        }

        var requests = Platform.awaitRecords(Topics.ORDER_EVENTS,
                r -> inProgress.toString().equals(r.key()) && new String(r.headers().lastHeader("ce_type").value(),
                        StandardCharsets.UTF_8).contains("redrive-requested"), 2);
        assertThat(requests).hasSize(2).allSatisfy(record -> assertThat(
                EventRecords.read(record).payload()).isInstanceOfSatisfying(
                        OrderRedriveRequested.class,
                        redrive -> assertThat(redrive.requestedBy()).isEqualTo("operator")));
        JsonPath detail = given().auth().oauth2(TestTokens.operator()).get("/admin/orders/{id}", inProgress).then()
                .statusCode(200).extract().jsonPath();
        assertThat(detail.getList("operatorActions.action")).containsExactly("redrive", "redrive");
        assertThat(detail.getList("operatorActions.reason"))
                .containsExactly("Zuora outage INC-4711 over", "still waiting");
        assertThat(detail.getList("operatorActions.requestedBy")).containsOnly("operator");
        assertThat(detail.getString("order.status")).isEqualTo("Creating");

        AdminCommandLine.Run redriven = cli("order", "redrive", inProgress.toString(), "--reason",
                "from the command line");
        assertThat(redriven.exitCode()).as(redriven.err()).isZero();
        assertThat(redriven.out()).contains(inProgress.toString());
        assertThat(given().auth().oauth2(TestTokens.operator()).get("/admin/orders/{id}", inProgress).then()
                .extract().jsonPath().getList("operatorActions.reason")).last().isEqualTo("from the command line");
    }

    @Test
    void anOrdersTimelineListsEveryEventOnceWithItsSourceAndNamesTheServicesThatCouldNotAnswer() {
        UUID orderId = place();
        ProducerRecord<String, byte[]> failure = Platform.publish(new SalesforceSyncFailed(orderId, 0, true,
                FailureSource.SALESFORCE, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access", Instant.now()));
        Platform.send(failure);
        Platform.awaitProcessed(failure);
        Platform.awaitProcessed(Platform.publish(new ZuoraSubscriptionCreated(orderId, "A-S00000111", "A00024362",
                "O-111", Instant.now())));
        given().auth().oauth2(TestTokens.operator()).contentType("application/json").body(redrive("INC-4711"))
                .post("/admin/orders/{id}/redrive", orderId).then().statusCode(202);

        JsonPath detail = given().auth().oauth2(TestTokens.operator()).get("/admin/orders/{id}", orderId).then()
                .statusCode(200).extract().jsonPath();

        List<Map<String, Object>> timeline = detail.getList("timeline");
        assertThat(timeline).extracting(entry -> entry.get("kind") + " " + entry.get("source") + " "
                + entry.get("what") + " " + entry.get("outcome")).containsExactly(
                "order order-api placed ok",
                "event salesforce-connector " + EventType.SALESFORCE_SYNC_FAILED.ceType() + " retryable_failure",
                "event zuora-connector " + EventType.ZUORA_SUBSCRIPTION_CREATED.ceType() + " ok",
                "operator order-api redrive ok");
        assertThat((String) timeline.get(1).get("detail")).contains("UNABLE_TO_LOCK_ROW");
        assertThat((String) timeline.get(2).get("detail")).isEqualTo("subscription A-S00000111");
        assertThat((String) timeline.get(3).get("detail")).isEqualTo("operator: INC-4711");
        // No step service runs beside these tests: the view says so instead of failing or hiding it.
        assertThat(detail.getList("unreachable.url")).containsExactly("http://127.0.0.1:9");
        assertThat(detail.getList("steps")).isEmpty();
        assertThat(detail.getList("waitingNow")).isEmpty();
    }

    @Test
    void operatorsFindAnOrderByThePartnersExternalIdAndTheCommandLineToo() {
        String externalId = newExternalId();
        UUID orderId = UUID.fromString(placeAsync(token, body(externalId)).statusCode(202).extract().path("id"));
        place();

        JsonPath found = list(Map.of("partnerId", partnerId, "externalSubscriptionId", externalId)).statusCode(200)
                .extract().jsonPath();
        assertThat(found.getList("orders.id")).containsExactly(orderId.toString());
        assertThat(list(Map.of("partnerId", "another-partner", "externalSubscriptionId", externalId))
                .statusCode(200).extract().jsonPath().getList("orders")).isEmpty();
        list(Map.of("externalSubscriptionId", externalId)).statusCode(422)
                .body("details[0].field", equalTo("externalSubscriptionId"));

        AdminCommandLine.Run listed = cli("order", "list", "--partner-id", partnerId, "--external-id", externalId);
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out().lines().filter(line -> line.startsWith(orderId.toString()))).hasSize(1);
        assertThat(listed.out().lines().count()).isEqualTo(3); // header, the order, end of list
    }

    private static String redrive(String reason) {
        return "{\"reason\":\"" + reason + "\"}";
    }

    private UUID place() {
        return UUID.fromString(placeAsync(token, body(newExternalId())).statusCode(202).extract().path("id"));
    }

    private static void provision(UUID orderId, String subscription) {
        Platform.publish(new ZuoraSubscriptionCreated(orderId, subscription, "A00024362", "O-1", Instant.now()));
        Platform.publish(new SalesforceRecordsCreated(orderId, "001A", "003C", "006O", subscription, Instant.now()));
        Platform.awaitProcessed(Platform.publish(new LicenseNotificationSent(orderId, subscription, "lic",
                "ada@acme.example", Instant.now())));
        await().atMost(Duration.ofSeconds(30)).until(() -> "Provisioned".equals(given()
                .auth().oauth2(TestTokens.operator()).get("/admin/orders/{id}", orderId).then().extract()
                .path("order.status")));
    }

    private static io.restassured.response.ValidatableResponse list(Map<String, ?> query) {
        return given().auth().oauth2(TestTokens.operator()).queryParams(query).get("/admin/orders").then();
    }

    private static Map<String, Object> byId(List<Map<String, Object>> orders, UUID id) {
        return orders.stream().filter(order -> id.toString().equals(order.get("id"))).findFirst().orElseThrow();
    }

    private double stuck(String step) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String prefix = "marketplace_orders_stuck{partner=\"" + partnerId + "\",step=\"" + step + "\"} ";
        return metrics.lines().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> Double.parseDouble(line.substring(prefix.length()))).orElse(-1.0);
    }
}
