package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.get;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static com.gitlab.marketplace.order.Orders.placeAsync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.events.notification.LicenseNotificationSent;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.SubscriptionChangeRequested;
import com.gitlab.marketplace.events.salesforce.SalesforceRecordsCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChangeFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changes to a live subscription (API.md §2.6) as order-api takes them: the rules, idempotency, the request it
 * publishes, and the outcome the Zuora connector reports (published here as the connector would).
 */
@QuarkusTest
class SubscriptionChangeTests {

    private static final String CHANGES = "/api/v1/marketplace/subscriptions/{id}/changes";
    private static final LocalDate TERM_START = LocalDate.now(ZoneOffset.UTC).minusMonths(2);

    private String partnerId;
    private String token;
    private String externalId;
    private UUID orderId;
    private String subscriptionNumber;

    @BeforeEach
    void aProvisionedSubscriptionOf25Seats() {
        partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        token = TestTokens.partner(partnerId, "marketplace.order:create");
        externalId = newExternalId();
        orderId = UUID.fromString(placeAsync(token, body(externalId)).statusCode(202).extract().path("id"));
        subscriptionNumber = "A-S" + String.format("%08d", Math.floorMod(orderId.hashCode(), 100_000_000));
        Platform.publish(new ZuoraSubscriptionCreated(orderId, subscriptionNumber, "A00024362", "O-1", Instant.now(),
                TERM_START, TERM_START.plusMonths(12), true));
        Platform.publish(new SalesforceRecordsCreated(orderId, "001A", "003C", "006O", subscriptionNumber,
                Instant.now()));
        Platform.publish(new LicenseNotificationSent(orderId, subscriptionNumber, "lic", "ada@acme.example",
                Instant.now()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> get(token, externalId).statusCode(200)
                .body("status", equalTo("Provisioned")));
    }

    @Test
    void addingSeatsIsPendingUntilZuoraMadeItThenTheSubscriptionShowsThem() {
        Map<String, Object> addSeats = change("A1", "updateQuantity", line("premium-saas-1y", 40));
        JsonPath pending = post(addSeats).statusCode(202)
                .header("Location", "/api/v1/marketplace/subscriptions/" + externalId + "/changes/A1")
                .body("status", equalTo("Pending")).body("action", equalTo("updateQuantity"))
                .body("orderLines[0].quantity", equalTo(40)).body("errors.size()", equalTo(0))
                .extract().jsonPath();

        // A replay is the same change; the same id with another body, or another change meanwhile, is refused.
        post(addSeats).statusCode(200).body("status", equalTo("Pending"))
                .body("createdAt", equalTo(pending.getString("createdAt")));
        post(change("A1", "updateQuantity", line("premium-saas-1y", 41))).statusCode(409)
                .body("error", equalTo("duplicate_external_change_id"));
        post(change("A2", "updateQuantity", line("premium-saas-1y", 50))).statusCode(409)
                .body("error", equalTo("change_in_progress"));

        SubscriptionChangeRequested requested = requested("A1");
        assertThat(requested.action()).isEqualTo("updateQuantity");
        assertThat(requested.subscriptionNumber()).isEqualTo(subscriptionNumber);
        assertThat(requested.zuoraInvoiceOwnerAccountNumber()).isEqualTo("A00001234");
        assertThat(requested.orderLines()).extracting(OrderLine::productId, OrderLine::quantity,
                OrderLine::zuoraProductRatePlanId).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "premium-saas-1y", 40, "8a28aa0b7e1c4d01017e1f0a1b2c0001"));
        get(token, externalId).body("orderLines[0].quantity", equalTo(25));

        ZuoraSubscriptionChanged made = new ZuoraSubscriptionChanged(requested.changeId(), orderId, "updateQuantity",
                subscriptionNumber, 2, "O-2", requested.orderLines(), TERM_START, TERM_START.plusMonths(12), true,
                null, Instant.now());
        Platform.publish(made);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> readChange("A1").statusCode(200)
                .body("status", equalTo("Completed")));
        get(token, externalId).body("orderLines[0].quantity", equalTo(40))
                .body("termEndDate", equalTo(TERM_START.plusMonths(12).toString()));

        // A later change, then the first one's result once more (a connector that died after publishing it and
        // tried again): the later change stays.
        post(change("A2", "updateQuantity", line("premium-saas-1y", 50))).statusCode(202);
        SubscriptionChangeRequested second = requested("A2");
        Platform.publish(new ZuoraSubscriptionChanged(second.changeId(), orderId, "updateQuantity", subscriptionNumber,
                3, "O-3", second.orderLines(), TERM_START, TERM_START.plusMonths(12), true, null, Instant.now()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> readChange("A2").body("status", equalTo("Completed")));
        Platform.awaitProcessed(Platform.publish(made));
        get(token, externalId).body("orderLines[0].quantity", equalTo(50));
        given().auth().oauth2(token).get(CHANGES, externalId).then().statusCode(200)
                .body("changes.externalChangeId", equalTo(List.of("A1", "A2")));

        // Operators follow it in the order's timeline: the partner's change and Zuora's answer to it.
        JsonPath timeline = given().auth().oauth2(TestTokens.operator()).get("/admin/orders/{id}", orderId).then()
                .statusCode(200).extract().jsonPath();
        assertThat(timeline.getList("timeline.findAll { it.kind == 'change' }.outcome")).containsExactly("completed",
                "completed");
        assertThat(timeline.getString("timeline.find { it.what.contains('subscription-changed') }.detail"))
                .contains("version 2").contains("premium-saas-1y x40");
    }

    @Test
    void aNewAddOnIsAppendedAndTheOtherLinesKeepTheirQuantity() {
        post(change("D1", "updateQuantity", line("duo-pro-1y", 5))).statusCode(202)
                .body("orderLines.productId", equalTo(List.of("premium-saas-1y", "duo-pro-1y")))
                .body("orderLines.quantity", equalTo(List.of(25, 5)));
        assertThat(requested("D1").orderLines()).extracting(OrderLine::kind)
                .containsExactly(OrderLine.PLAN, OrderLine.ADD_ON);
    }

    @Test
    void whatTheRulesRefuseIsNamed() {
        post(change("X1", "updateQuantity", line("premium-saas-1y", 20))).statusCode(422)
                .body("error", equalTo("quantity_decrease_not_allowed"))
                .body("details[0].field", equalTo("orderLines[0].quantity"));
        post(change("X2", "updateQuantity", line("ultimate-saas-1y", 30))).statusCode(422)
                .body("error", equalTo("validation_failed")).body("details[0].field", equalTo("orderLines[0].productId"));
        post(change("X3", "updateQuantity", line("premium-saas-1y", 25))).statusCode(422)
                .body("details[0].field", equalTo("orderLines"));
        JsonPath invalid = post(Map.of("externalChangeId", "X4", "action", "upgrade")).statusCode(422).extract()
                .jsonPath();
        assertThat(invalid.getList("details.field")).containsExactly("action");
        JsonPath cancelWithLines = post(change("X5", "cancel", line("premium-saas-1y", 30))).statusCode(422)
                .extract().jsonPath();
        assertThat(cancelWithLines.getList("details.field")).containsExactly("orderLines");
        JsonPath noLines = post(Map.of("externalChangeId", "X6", "action", "updateQuantity")).statusCode(422).extract()
                .jsonPath();
        assertThat(noLines.getList("details.field")).containsExactly("orderLines");
        post(Map.of("action", "renew")).statusCode(422).body("details[0].field", equalTo("externalChangeId"));

        given().auth().oauth2(token).contentType("application/json").body(change("X7", "renew"))
                .post(CHANGES, "PO-unknown").then().statusCode(404).body("error", equalTo("not_found"));
        String other = TestTokens.partner(otherPartner(), "marketplace.order:create");
        given().auth().oauth2(other).contentType("application/json").body(change("X8", "renew"))
                .post(CHANGES, externalId).then().statusCode(404);
        given().auth().oauth2(other).get(CHANGES + "/X1", externalId).then().statusCode(404);
        readChange("X1").statusCode(404).body("error", equalTo("not_found"));

        String notYet = newExternalId();
        placeAsync(token, body(notYet)).statusCode(202);
        given().auth().oauth2(token).contentType("application/json").body(change("X9", "renew"))
                .post(CHANGES, notYet).then().statusCode(409).body("error", equalTo("subscription_not_active"));
    }

    @Test
    void aRenewalMovesTheTermOnceAndASecondInTheSameTermIsRefused() {
        post(change("R1", "renew")).statusCode(202);
        SubscriptionChangeRequested requested = requested("R1");
        assertThat(requested.orderLines()).extracting(OrderLine::quantity).containsExactly(25);
        LocalDate nextStart = TERM_START.plusMonths(12);
        Platform.publish(new ZuoraSubscriptionChanged(requested.changeId(), orderId, "renew", subscriptionNumber, 2,
                "O-3", requested.orderLines(), nextStart, nextStart.plusMonths(12), true, null, Instant.now()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> get(token, externalId)
                .body("termEndDate", equalTo(nextStart.plusMonths(12).toString())));
        readChange("R1").body("status", equalTo("Completed"));

        post(change("R2", "renew")).statusCode(409).body("error", equalTo("already_renewed"));
    }

    @Test
    void aCancelledSubscriptionStopsRenewingAndTakesNoMoreChanges() {
        post(change("C1", "cancel")).statusCode(202).body("orderLines[0].quantity", equalTo(25));
        SubscriptionChangeRequested requested = requested("C1");
        Instant cancelledAt = Instant.parse("2026-12-01T09:00:00Z");
        Platform.publish(new ZuoraSubscriptionChanged(requested.changeId(), orderId, "cancel", subscriptionNumber, 2,
                "O-4", requested.orderLines(), TERM_START, TERM_START.plusMonths(12), false, cancelledAt,
                Instant.now()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> get(token, externalId)
                .body("autoRenew", equalTo(false)).body("cancelledAt", equalTo("2026-12-01T09:00:00Z")));

        post(change("C2", "updateQuantity", line("premium-saas-1y", 30))).statusCode(409)
                .body("error", equalTo("subscription_cancelled"));
        post(change("C3", "renew")).statusCode(409).body("error", equalTo("subscription_cancelled"));
    }

    @Test
    void aChangeZuoraRefusedIsFailedAndTheSubscriptionIsAsBefore() {
        post(change("F1", "updateQuantity", line("premium-saas-1y", 30))).statusCode(202);
        SubscriptionChangeRequested requested = requested("F1");
        Platform.publish(new ZuoraSubscriptionChangeFailed(requested.changeId(), orderId, "updateQuantity", false,
                "53100030", "The subscription cannot be amended.", Instant.now()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> readChange("F1").statusCode(200)
                .body("status", equalTo("Failed")).body("errors[0].source", equalTo("zuora"))
                .body("errors[0].code", equalTo("53100030")).body("errors[0].retryable", equalTo(false)));
        get(token, externalId).body("orderLines[0].quantity", equalTo(25)).body("status", equalTo("Provisioned"))
                .body("errors.size()", equalTo(0));

        // Nothing is pending any more: the next change is taken.
        post(change("F2", "updateQuantity", line("premium-saas-1y", 30))).statusCode(202)
                .body("createdAt", notNullValue());
    }

    private ValidatableResponse post(Map<String, Object> change) {
        return given().auth().oauth2(token).contentType("application/json").body(change).post(CHANGES, externalId)
                .then();
    }

    private ValidatableResponse readChange(String externalChangeId) {
        return given().auth().oauth2(token).get(CHANGES + "/{change}", externalId, externalChangeId).then();
    }

    /** The request order-api published for the connectors. */
    private SubscriptionChangeRequested requested(String externalChangeId) {
        var records = Platform.awaitRecords(Topics.ORDER_EVENTS, r -> orderId.toString().equals(r.key())
                && new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8).contains("change")
                && ((SubscriptionChangeRequested) EventRecords.read(r).payload()).externalChangeId()
                .equals(externalChangeId), 1);
        return (SubscriptionChangeRequested) EventRecords.read(records.get(0)).payload();
    }

    private static String otherPartner() {
        String other = Platform.registerPartner();
        Platform.awaitReplicated(other);
        return other;
    }

    private static Map<String, Object> change(String externalChangeId, String action, Map<?, ?>... lines) {
        return lines.length == 0 ? Map.of("externalChangeId", externalChangeId, "action", action)
                : Map.of("externalChangeId", externalChangeId, "action", action, "orderLines", List.of(lines));
    }

    private static Map<String, Object> line(String productId, int quantity) {
        return Map.of("productId", productId, "quantity", quantity);
    }
}
