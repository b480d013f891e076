package com.gitlab.marketplace.zuora;

import static com.gitlab.marketplace.zuora.Platform.PREMIUM_SAAS;
import static com.gitlab.marketplace.zuora.Platform.PREMIUM_SAAS_CHARGE;
import static com.gitlab.marketplace.zuora.Platform.order;
import static com.gitlab.marketplace.zuora.Platform.publish;
import static com.gitlab.marketplace.zuora.Platform.zuoraEvents;
import static com.gitlab.marketplace.zuora.ZuoraSandboxTestResource.CALLOUT_PASSWORD;
import static com.gitlab.marketplace.zuora.ZuoraSandboxTestResource.CALLOUT_USER;
import static com.gitlab.marketplace.zuora.ZuoraSandboxTestResource.HMAC_SECRET;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.zuora.ZuoraCalloutReceived;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Zuora's callouts as API.md §3 describes them, from the sandbox and sent by hand. */
@QuarkusTest
class CalloutTests {

    private static final String CALLOUTS = "/api/v1/zuora/callouts";

    @BeforeEach
    void defaultCalloutSettings() {
        Platform.faults(Map.of());
        calloutSettings(Map.of("preemptive", false, "hmacSecret", HMAC_SECRET));
    }

    @Test
    void theSandboxCalloutIsChallengedThenAcceptedAndBecomesOneEvent() {
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 25);
        publish(order);

        List<ReceivedEvent> events = zuoraEvents(order.orderId(), 2);
        ZuoraSubscriptionCreated created = (ZuoraSubscriptionCreated) events.stream()
                .filter(e -> e.payload() instanceof ZuoraSubscriptionCreated).findFirst().orElseThrow().payload();
        ZuoraCalloutReceived callout = (ZuoraCalloutReceived) events.stream()
                .filter(e -> e.payload() instanceof ZuoraCalloutReceived).findFirst().orElseThrow().payload();
        assertThat(callout.subscriptionNumber()).isEqualTo(created.subscriptionNumber());
        assertThat(callout.event()).isEqualTo("SubscriptionCreated");
        assertThat(callout.subscriptionStatus()).isEqualTo("Active");

        // Zuora's default: the first try without credentials, answered 401, then with them.
        List<Map<String, Object>> attempts = attemptsFor(callout.notificationId());
        assertThat(attempts).extracting(a -> a.get("withCredentials") + ":" + a.get("status"))
                .containsExactly("false:401", "true:200");
    }

    @Test
    void preemptiveCredentialsAndARepeatedNotificationGiveStillOneEvent() {
        calloutSettings(Map.of("preemptive", true));
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 3);
        publish(order);
        List<ReceivedEvent> events = zuoraEvents(order.orderId(), 2);
        String subscription = events.stream().filter(e -> e.payload() instanceof ZuoraSubscriptionCreated)
                .map(e -> ((ZuoraSubscriptionCreated) e.payload()).subscriptionNumber()).findFirst().orElseThrow();
        String notificationId = events.stream().filter(e -> e.payload() instanceof ZuoraCalloutReceived)
                .map(e -> ((ZuoraCalloutReceived) e.payload()).notificationId()).findFirst().orElseThrow();
        assertThat(attemptsFor(notificationId)).extracting(a -> a.get("withCredentials") + ":" + a.get("status"))
                .containsExactly("true:200");

        // Zuora sends the same notification again (same Zuora-Notification-Id, new request id).
        given().baseUri(Platform.sandboxUrl()).post("/sandbox/callouts/" + subscription + "/resend")
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> attemptsFor(notificationId).size() == 2);
        assertThat(attemptsFor(notificationId).get(1).get("status")).isEqualTo(200);
        assertThat(zuoraEvents(order.orderId(), 2)).hasSize(2);
    }

    @Test
    void credentialsAndSignatureAreChecked() {
        String body = body("A-S99000001", UUID.randomUUID().toString());
        given().header("Zuora-Notification-Id", UUID.randomUUID().toString()).body(body).post(CALLOUTS).then()
                .statusCode(401).header("WWW-Authenticate", startsWith("Basic realm="));
        given().auth().preemptive().basic(CALLOUT_USER, "wrong-password")
                .header("Zuora-Notification-Id", UUID.randomUUID().toString()).body(body).post(CALLOUTS).then()
                .statusCode(401).header("WWW-Authenticate", startsWith("Basic realm="));
        authenticated(UUID.randomUUID().toString()).body(body).post(CALLOUTS).then()
                .statusCode(401).body("error", equalTo("invalid_signature"));
        authenticated(UUID.randomUUID().toString()).header("X-Zuora-Signature", sign(body + " "))
                .body(body).post(CALLOUTS).then().statusCode(401).body("error", equalTo("invalid_signature"));
        authenticated(UUID.randomUUID().toString()).header("X-Zuora-Signature", "not base64 at all")
                .body(body).post(CALLOUTS).then().statusCode(401);
        send(UUID.randomUUID().toString(), body).statusCode(200).body("received", equalTo(true));
    }

    @Test
    void duplicatesGiveOneEventAndOutOfOrderCalloutsAreEachTaken() {
        UUID orderId = UUID.randomUUID();
        String notification = UUID.randomUUID().toString();
        String created = body("A-S99000002", orderId.toString());
        send(notification, created).statusCode(200);
        send(notification, created).statusCode(200);
        send(notification, created).statusCode(200);
        // A later event of the subscription delivered before an earlier one: both are facts to pass on.
        String cancelled = new io.vertx.core.json.JsonObject(created).put("event", "SubscriptionCancelled")
                .put("status", "Cancelled").encode();
        send(UUID.randomUUID().toString(), cancelled).statusCode(200);

        List<ReceivedEvent> events = zuoraEvents(orderId, 2);
        assertThat(events).hasSize(2);
        assertThat(events).extracting(e -> ((ZuoraCalloutReceived) e.payload()).event())
                .containsExactlyInAnyOrder("SubscriptionCreated", "SubscriptionCancelled");
    }

    @Test
    void aCalloutWithoutOrderIdIsCorrelatedBySubscriptionOrSentBackUntilItCanBe() {
        String unknown = body("A-S99000003", "");
        send(UUID.randomUUID().toString(), unknown).statusCode(503).body("error", equalTo("not_ready"))
                .body(not(org.hamcrest.Matchers.containsString("Exception")));

        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 2);
        calloutSettings(Map.of("url", "http://localhost:1/nowhere"));
        publish(order);
        String subscription = ((ZuoraSubscriptionCreated) zuoraEvents(order.orderId(), 1).get(0).payload())
                .subscriptionNumber();
        String notification = UUID.randomUUID().toString();
        send(notification, body(subscription, "")).statusCode(200);
        ZuoraCalloutReceived received = zuoraEvents(order.orderId(), 2).stream()
                .filter(e -> e.payload() instanceof ZuoraCalloutReceived).map(e -> (ZuoraCalloutReceived) e.payload())
                .findFirst().orElseThrow();
        assertThat(received.notificationId()).isEqualTo(notification);
        calloutSettings(Map.of("url", "http://localhost:18083" + CALLOUTS));
    }

    @Test
    void aBodyThatCannotBeUnderstoodIs400WithoutInternalDetail() {
        for (String bad : List.of("", "not json", "[]", "{\"event\":\"SubscriptionCreated\"}",
                "{\"event\":\"X\",\"subscriptionNumber\":\"A-S1\",\"orderId\":\"not-a-uuid\"}",
                "{\"event\":\"X\",\"subscriptionNumber\":42}",
                "{\"event\":\"X\\u0000\",\"subscriptionNumber\":\"A-S1\"}")) {
            send(UUID.randomUUID().toString(), bad).statusCode(400).body("error", equalTo("malformed_callout"))
                    .body(not(org.hamcrest.Matchers.containsString("at com.")));
        }
        String valid = body("A-S99000004", UUID.randomUUID().toString());
        authenticated(null).header("X-Zuora-Signature", sign(valid)).body(valid).post(CALLOUTS).then()
                .statusCode(400).body("message", equalTo("Zuora-Notification-Id is required"));
    }

    private static String body(String subscriptionNumber, String orderId) {
        return "{\"event\":\"SubscriptionCreated\",\"subscriptionNumber\":\"" + subscriptionNumber
                + "\",\"accountNumber\":\"A00099999\",\"status\":\"Active\",\"orderId\":\"" + orderId + "\"}";
    }

    private static ValidatableResponse send(String notificationId, String body) {
        return authenticated(notificationId).header("X-Zuora-Signature", sign(body)).body(body).post(CALLOUTS).then();
    }

    private static RequestSpecification authenticated(String notificationId) {
        RequestSpecification request = given().auth().preemptive().basic(CALLOUT_USER, CALLOUT_PASSWORD)
                .contentType("application/json");
        return notificationId == null ? request : request.header("Zuora-Notification-Id", notificationId);
    }

    private static String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void calloutSettings(Map<String, Object> settings) {
        given().baseUri(Platform.sandboxUrl()).contentType("application/json").body(settings)
                .put("/sandbox/callout-settings").then().statusCode(204);
    }

    private static List<Map<String, Object>> attemptsFor(String notificationId) {
        List<Map<String, Object>> all = given().baseUri(Platform.sandboxUrl()).get("/sandbox/callouts").then()
                .statusCode(200).extract().jsonPath().getList("");
        return all.stream().filter(a -> notificationId.equals(a.get("notificationId"))).toList();
    }
}
