package com.gitlab.marketplace.zuora;

import static com.gitlab.marketplace.zuora.Platform.PREMIUM_SAAS;
import static com.gitlab.marketplace.zuora.Platform.PREMIUM_SAAS_CHARGE;
import static com.gitlab.marketplace.zuora.Platform.faults;
import static com.gitlab.marketplace.zuora.Platform.order;
import static com.gitlab.marketplace.zuora.Platform.publish;
import static com.gitlab.marketplace.zuora.Platform.sandboxUrl;
import static com.gitlab.marketplace.zuora.Platform.zuoraEventsOfType;
import static com.gitlab.marketplace.zuora.Platform.zuoraResults;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.order.SubscriptionChangeRequested;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChangeFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Partners' changes made in Zuora (the sandbox): the order actions, once each, and Zuora's refusals. */
@QuarkusTest
class ChangeTests {

    private static final String DUO_PRO = "8a28aa0b7e1c4d01017e1f0a1b2c0006";
    private static final String DUO_PRO_CHARGE = "8a28aa0b7e1c4d01017e1f0a1b2c0106";

    private OrderPlaced order;
    private String subscriptionNumber;

    @BeforeEach
    void aSubscriptionOf7Seats() {
        faults(Map.of());
        order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 7);
        publish(order);
        ReceivedEvent created = zuoraResults(order.orderId(), 1).get(0);
        subscriptionNumber = ((ZuoraSubscriptionCreated) created.payload()).subscriptionNumber();
    }

    @Test
    void addingSeatsMakesTheNextVersionOnceEvenWhenTheRequestComesTwice() {
        SubscriptionChangeRequested change = change(SubscriptionChangeRequested.UPDATE_QUANTITY, plan(9));
        publish(change);
        publish(change);

        ZuoraSubscriptionChanged changed = changed(1).get(0);
        assertThat(changed.changeId()).isEqualTo(change.changeId());
        assertThat(changed.version()).isEqualTo(2);
        assertThat(changed.orderLines()).extracting(OrderLine::quantity).containsExactly(9);
        assertThat(changed.autoRenew()).isTrue();
        assertThat(changed.cancelledAt()).isNull();
        JsonPath subscription = subscription();
        assertThat(subscription.getInt("version")).isEqualTo(2);
        assertThat(subscription.getInt("ratePlans[0].ratePlanCharges[0].quantity")).isEqualTo(9);
        assertThat(subscription.getString("orderNumber")).isEqualTo(changed.zuoraOrderNumber());
        quiet();
        assertThat(changed(1)).hasSize(1);
        assertThat(subscription().getInt("version")).isEqualTo(2);
    }

    @Test
    void anAddOnThenARenewalThenACancellation() {
        publish(change(SubscriptionChangeRequested.UPDATE_QUANTITY, plan(7), addOn(3)));
        assertThat(changed(1).get(0).version()).isEqualTo(2);
        assertThat(subscription().getList("ratePlans.productRatePlanId")).containsExactly(PREMIUM_SAAS, DUO_PRO);

        LocalDate termEnd = LocalDate.parse(subscription().getString("termEndDate"));
        publish(change(SubscriptionChangeRequested.RENEW, plan(7), addOn(3)));
        ZuoraSubscriptionChanged renewed = changed(2).get(1);
        assertThat(renewed.termStartDate()).isEqualTo(termEnd);
        assertThat(renewed.termEndDate()).isEqualTo(termEnd.plusMonths(12));
        assertThat(renewed.version()).isEqualTo(3);

        publish(change(SubscriptionChangeRequested.CANCEL, plan(7), addOn(3)));
        ZuoraSubscriptionChanged cancelled = changed(3).get(2);
        assertThat(cancelled.autoRenew()).isFalse();
        assertThat(cancelled.cancelledAt()).isNotNull();
        assertThat(subscription().getString("status")).isEqualTo("Cancelled");
        assertThat(subscription().getString("subscriptionEndDate")).isEqualTo(termEnd.plusMonths(12).toString());

        // Zuora refuses to amend a cancelled subscription: the change fails, nothing changes in billing.
        publish(change(SubscriptionChangeRequested.UPDATE_QUANTITY, plan(20), addOn(3)));
        ZuoraSubscriptionChangeFailed refused = (ZuoraSubscriptionChangeFailed) zuoraEventsOfType(order.orderId(), 1,
                EventType.ZUORA_SUBSCRIPTION_CHANGE_FAILED).get(0).payload();
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.code()).endsWith("30");
        assertThat(subscription().getInt("version")).isEqualTo(4);
        assertThat(subscription().getInt("ratePlans[0].ratePlanCharges[0].quantity")).isEqualTo(7);
    }

    @Test
    void aChangeZuoraAlreadyMadeIsNotMadeAgain() {
        // What a connector that died after Zuora made the change leaves: the subscription amended, nothing recorded.
        SubscriptionChangeRequested change = change(SubscriptionChangeRequested.UPDATE_QUANTITY, plan(12));
        JsonPath before = subscription();
        String token = given().baseUri(sandboxUrl()).formParam("grant_type", "client_credentials")
                .formParam("client_id", "zuora-sandbox-client").formParam("client_secret", "zuora-sandbox-secret")
                .post("/oauth/token").then().statusCode(200).extract().path("access_token");
        given().baseUri(sandboxUrl()).auth().oauth2(token).contentType("application/json")
                .body(Map.of("orderDate", "2026-12-01", "existingAccountNumber", Platform.INVOICE_OWNER,
                        "customFields", Map.of("MarketplaceChangeId__c", change.changeId().toString()),
                        "subscriptions", List.of(Map.of("subscriptionNumber", subscriptionNumber, "orderActions",
                                List.of(Map.of("type", "UpdateProduct", "updateProduct", Map.of(
                                        "ratePlanId", before.getString("ratePlans[0].id"),
                                        "chargeUpdates", List.of(Map.of("chargeNumber",
                                                before.getString("ratePlans[0].ratePlanCharges[0].number"),
                                                "pricing", Map.of("recurringPerUnit", Map.of("quantity", 12)))))))))))
                .post("/v1/orders").then().statusCode(200);

        publish(change);

        assertThat(changed(1).get(0).version()).isEqualTo(2);
        quiet();
        assertThat(subscription().getInt("version")).isEqualTo(2);
    }

    @Test
    void aChangeWhoseCallGotNoAnswerIsMadeOnceByTheNextTry() {
        faults(Map.of("kind", "TIMEOUT", "failNext", 1));
        publish(change(SubscriptionChangeRequested.UPDATE_QUANTITY, plan(15)));

        assertThat(changed(1).get(0).orderLines()).extracting(OrderLine::quantity).containsExactly(15);
        quiet();
        assertThat(subscription().getInt("version")).isEqualTo(2);
        assertThat(subscription().getInt("ratePlans[0].ratePlanCharges[0].quantity")).isEqualTo(15);
    }

    private SubscriptionChangeRequested change(String action, OrderLine... lines) {
        return new SubscriptionChangeRequested(UUID.randomUUID(), order.orderId(), order.partnerId(),
                order.externalSubscriptionId(), "CHG-" + UUID.randomUUID(), action, subscriptionNumber,
                order.zuoraInvoiceOwnerAccountNumber(), new ArrayList<>(List.of(lines)), Instant.now());
    }

    private static OrderLine plan(int quantity) {
        return new OrderLine("premium-saas-1y", "GitLab Premium (SaaS), 1 year", quantity, 12, "premium", PREMIUM_SAAS,
                PREMIUM_SAAS_CHARGE, "GL-PREM-SAAS-1Y", OrderLine.PLAN);
    }

    private static OrderLine addOn(int quantity) {
        return new OrderLine("duo-pro-1y", "GitLab Duo Pro add-on, 1 year", quantity, 12, "duo_pro", DUO_PRO,
                DUO_PRO_CHARGE, "GL-DUO-PRO-1Y", OrderLine.ADD_ON);
    }

    private List<ZuoraSubscriptionChanged> changed(int count) {
        return zuoraEventsOfType(order.orderId(), count, EventType.ZUORA_SUBSCRIPTION_CHANGED).stream()
                .map(event -> (ZuoraSubscriptionChanged) event.payload()).toList();
    }

    private JsonPath subscription() {
        return given().baseUri(sandboxUrl()).get("/sandbox/subscriptions").then().statusCode(200).extract().jsonPath()
                .setRootPath("find { it.subscriptionNumber == '" + subscriptionNumber + "' }");
    }

    /** Long enough for a second try or a redelivery to have shown any effect it would have. */
    private static void quiet() {
        try {
            Thread.sleep(Duration.ofSeconds(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
