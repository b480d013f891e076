package com.gitlab.marketplace.zuora;

import static com.gitlab.marketplace.zuora.Platform.PREMIUM_SAAS;
import static com.gitlab.marketplace.zuora.Platform.PREMIUM_SAAS_CHARGE;
import static com.gitlab.marketplace.zuora.Platform.activation;
import static com.gitlab.marketplace.zuora.Platform.calloutSettings;
import static com.gitlab.marketplace.zuora.Platform.metric;
import static com.gitlab.marketplace.zuora.Platform.order;
import static com.gitlab.marketplace.zuora.Platform.payloads;
import static com.gitlab.marketplace.zuora.Platform.publish;
import static com.gitlab.marketplace.zuora.Platform.zuoraEventsOfType;
import static com.gitlab.marketplace.zuora.ZuoraSandboxTestResource.CALLOUT_PASSWORD;
import static com.gitlab.marketplace.zuora.ZuoraSandboxTestResource.CALLOUT_USER;
import static com.gitlab.marketplace.zuora.ZuoraSandboxTestResource.HMAC_SECRET;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.zuora.ZuoraCalloutReceived;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionActivated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionStuck;
import com.gitlab.marketplace.zuora.repository.ProcessedCalloutCleanup;
import com.gitlab.marketplace.zuora.repository.ProcessedCalloutRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Zuora's callouts as API.md §3 describes them, from the sandbox and sent by hand, checked against our record. */
@QuarkusTest
class CalloutTests {

    private static final String CALLOUTS = "/api/v1/zuora/callouts";

    @Inject
    ProcessedCalloutCleanup calloutCleanup;
    @Inject
    ProcessedCalloutRepository processedCallouts;
    @Inject
    Pool pool;

    @BeforeEach
    void defaultCalloutSettings() {
        Platform.faults(Map.of());
        activation(Map.of());
        calloutSettings(Map.of("preemptive", false, "hmacSecret", HMAC_SECRET, "password", CALLOUT_PASSWORD,
                "url", "http://localhost:18083" + CALLOUTS, "delayMs", 100, "maxAttempts", 5));
    }

    @Test
    void everyStepAndCalloutSeriesTheGrafanaDashboardQueriesExists() throws Exception {
        String dashboard = Files.readString(Path.of("../deploy/helm/grafana/marketplace-dashboard.json"));
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher series = Pattern.compile("marketplace_(steps|zuora_callouts_refused_total)\\b").matcher(dashboard);
        int queried = 0;
        while (series.find()) {
            queried++;
            assertThat(scrape).as("the dashboard queries " + series.group()).contains(series.group() + "{");
        }
        assertThat(queried).isEqualTo(2);
    }

    @Test
    void theSandboxCalloutIsChallengedThenAcceptedAndTheSubscriptionIsActiveOnce() {
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 25);
        publish(order);

        ZuoraSubscriptionCreated created = created(order);
        ZuoraCalloutReceived callout = payloads(order.orderId(), 1, EventType.ZUORA_CALLOUT_RECEIVED,
                ZuoraCalloutReceived.class).get(0);
        assertThat(callout.subscriptionNumber()).isEqualTo(created.subscriptionNumber());
        assertThat(callout.event()).isEqualTo("SubscriptionCreated");
        assertThat(callout.subscriptionStatus()).isEqualTo("Active");
        ZuoraSubscriptionActivated activated = activated(order);
        assertThat(activated.subscriptionNumber()).isEqualTo(created.subscriptionNumber());
        assertThat(activated.observedBy()).isEqualTo(ZuoraSubscriptionActivated.BY_CALLOUT);

        // Zuora's default: the first try without credentials, answered 401, then with them.
        List<Map<String, Object>> attempts = attemptsFor(callout.notificationId());
        assertThat(attempts).extracting(a -> a.get("withCredentials") + ":" + a.get("status"))
                .containsExactly("false:401", "true:200");
        // The callout deadline passes: no look-up follows an activation that was already seen.
        sleep(Duration.ofSeconds(5));
        assertThat(zuoraEventsOfType(order.orderId(), 1, EventType.ZUORA_SUBSCRIPTION_ACTIVATED)).hasSize(1);
    }

    @Test
    void preemptiveCredentialsAndARepeatedNotificationGiveStillOneEventOfEach() {
        calloutSettings(Map.of("preemptive", true));
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 3);
        publish(order);
        String subscription = created(order).subscriptionNumber();
        String notificationId = payloads(order.orderId(), 1, EventType.ZUORA_CALLOUT_RECEIVED,
                ZuoraCalloutReceived.class).get(0).notificationId();
        assertThat(attemptsFor(notificationId)).extracting(a -> a.get("withCredentials") + ":" + a.get("status"))
                .containsExactly("true:200");

        // Zuora sends the same notification again (same Zuora-Notification-Id, new request id).
        given().baseUri(Platform.sandboxUrl()).post("/sandbox/callouts/" + subscription + "/resend")
                .then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> attemptsFor(notificationId).size() == 2);
        assertThat(attemptsFor(notificationId).get(1).get("status")).isEqualTo(200);
        sleep(Duration.ofSeconds(1));
        assertThat(zuoraEventsOfType(order.orderId(), 1, EventType.ZUORA_CALLOUT_RECEIVED)).hasSize(1);
        assertThat(zuoraEventsOfType(order.orderId(), 1, EventType.ZUORA_SUBSCRIPTION_ACTIVATED)).hasSize(1);

        // The notification id is kept for its window (35 days), then forgotten, so the table does not grow for ever.
        Instant windowStart = Instant.now().minus(Duration.ofDays(35));
        calloutCleanup.deleteOlderThan(windowStart).await().atMost(Duration.ofSeconds(10));
        assertThat(processedCallouts.seen(pool, notificationId).await().atMost(Duration.ofSeconds(10))).isTrue();
        Platform.sql("UPDATE processed_callout SET received_at = now() - interval '36 days' WHERE notification_id = ?",
                notificationId);
        assertThat(calloutCleanup.deleteOlderThan(windowStart).await().atMost(Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(processedCallouts.seen(pool, notificationId).await().atMost(Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void credentialsAndSignatureAreCheckedAndDuringARotationThePreviousOnesWorkToo() {
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 1);
        calloutSettings(Map.of("url", "http://localhost:1/nowhere"));
        publish(order);
        String subscription = created(order).subscriptionNumber();
        String body = body(subscription, order.orderId().toString(), "Active");

        given().header("Zuora-Notification-Id", UUID.randomUUID().toString()).body(body).post(CALLOUTS).then()
                .statusCode(401).header("WWW-Authenticate", startsWith("Basic realm="));
        given().auth().preemptive().basic(CALLOUT_USER, "wrong-password")
                .header("Zuora-Notification-Id", UUID.randomUUID().toString()).body(body).post(CALLOUTS).then()
                .statusCode(401).header("WWW-Authenticate", startsWith("Basic realm="));
        authenticated(UUID.randomUUID().toString(), CALLOUT_PASSWORD).body(body).post(CALLOUTS).then()
                .statusCode(401).body("error", equalTo("invalid_signature"));
        authenticated(UUID.randomUUID().toString(), CALLOUT_PASSWORD).header("X-Zuora-Signature", sign(body + " ", HMAC_SECRET))
                .body(body).post(CALLOUTS).then().statusCode(401).body("error", equalTo("invalid_signature"));
        authenticated(UUID.randomUUID().toString(), CALLOUT_PASSWORD).header("X-Zuora-Signature", "not base64 at all")
                .body(body).post(CALLOUTS).then().statusCode(401);

        // Mid-rotation: Zuora still sends the previous password and signs with the previous secret.
        authenticated(UUID.randomUUID().toString(), "the-previous-callout-password")
                .header("X-Zuora-Signature", sign(body, "the-previous-hmac-secret"))
                .body(body).post(CALLOUTS).then().statusCode(200).body("received", equalTo(true));
        assertThat(activated(order).observedBy()).isEqualTo(ZuoraSubscriptionActivated.BY_CALLOUT);
        send(UUID.randomUUID().toString(), body).statusCode(200);
    }

    @Test
    void aSourceThatKeepsFailingIsThrottledEvenWithTheRightCredentialsUntilItsWindowEnds() {
        String body = body("A-S99000009", UUID.randomUUID().toString(), "Active");
        for (int i = 0; i < 20; i++) {
            given().auth().preemptive().basic(CALLOUT_USER, "guess-" + i)
                    .header("Zuora-Notification-Id", UUID.randomUUID().toString()).body(body).post(CALLOUTS);
        }
        send(UUID.randomUUID().toString(), body).statusCode(429).header("Retry-After", not(equalTo("0")))
                .body("error", equalTo("too_many_failures"));
        sleep(Duration.ofMillis(3500)); // the test profile's window
        send(UUID.randomUUID().toString(), body).statusCode(200);
    }

    @Test
    void aCalloutNamingNoSubscriptionWeCreatedForThatOrderIsRefusedRecordedAndCountedAndLicensesNothing() {
        double before = metric("marketplace_zuora_callouts_refused_total");
        // A forged callout with the callout credentials: an order the connector never saw.
        UUID unknownOrder = UUID.randomUUID();
        send(UUID.randomUUID().toString(), body("A-S99000002", unknownOrder.toString(), "Active")).statusCode(200);

        // A real order, but the callout names another subscription.
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 2);
        calloutSettings(Map.of("url", "http://localhost:1/nowhere"));
        publish(order);
        created(order);
        send(UUID.randomUUID().toString(), body("A-S99000003", order.orderId().toString(), "Active")).statusCode(200);

        // An order Zuora refused: no subscription exists for it, whatever the callout says.
        Platform.faults(Map.of("kind", "PERMANENT", "failNext", 1));
        OrderPlaced refused = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 2);
        publish(refused);
        zuoraEventsOfType(refused.orderId(), 1, EventType.ZUORA_SUBSCRIPTION_FAILED);
        send(UUID.randomUUID().toString(), body("A-S99000004", refused.orderId().toString(), "Active")).statusCode(200);

        // No order id, and a subscription number the connector does not know.
        send(UUID.randomUUID().toString(), body("A-S99000005", "", "Active")).statusCode(200);

        assertThat(metric("marketplace_zuora_callouts_refused_total")).isEqualTo(before + 4);
        assertThat(metric("marketplace_zuora_callouts_refused_total", "reason=\"subscription_mismatch\"")).isPositive();
        sleep(Duration.ofSeconds(1));
        for (UUID orderId : List.of(unknownOrder, refused.orderId())) {
            assertThat(Platform.zuoraEventsOfType(orderId, 0, EventType.ZUORA_SUBSCRIPTION_ACTIVATED,
                    EventType.ZUORA_CALLOUT_RECEIVED)).isEmpty();
        }
        // The real order takes no callout for another subscription; its own goes on (here by a look-up).
        assertThat(Platform.zuoraEventsOfType(order.orderId(), 0, EventType.ZUORA_CALLOUT_RECEIVED)).isEmpty();
        assertThat(Platform.zuoraEventsOfType(order.orderId(), 0, EventType.ZUORA_SUBSCRIPTION_ACTIVATED))
                .allSatisfy(e -> assertThat(((ZuoraSubscriptionActivated) e.payload()).observedBy())
                        .isEqualTo(ZuoraSubscriptionActivated.BY_LOOKUP));
    }

    @Test
    void aCalloutWithoutOrderIdIsCorrelatedBySubscriptionNumber() {
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 2);
        calloutSettings(Map.of("url", "http://localhost:1/nowhere"));
        publish(order);
        String subscription = created(order).subscriptionNumber();
        String notification = UUID.randomUUID().toString();
        send(notification, body(subscription, "", "Active")).statusCode(200);
        ZuoraCalloutReceived received = payloads(order.orderId(), 1, EventType.ZUORA_CALLOUT_RECEIVED,
                ZuoraCalloutReceived.class).get(0);
        assertThat(received.notificationId()).isEqualTo(notification);
        assertThat(activated(order).observedBy()).isEqualTo(ZuoraSubscriptionActivated.BY_CALLOUT);
    }

    @Test
    void aSubscriptionPendingActivationIsLookedAtAgainUntilItIsActive() {
        activation(Map.of("initialStatus", "Pending Activation", "activateAfterMs", 3000));
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 4);
        publish(order);
        ZuoraCalloutReceived callout = payloads(order.orderId(), 1, EventType.ZUORA_CALLOUT_RECEIVED,
                ZuoraCalloutReceived.class).get(0);
        assertThat(callout.subscriptionStatus()).isEqualTo("Pending Activation");

        ZuoraSubscriptionActivated activated = activated(order);
        assertThat(activated.observedBy()).isEqualTo(ZuoraSubscriptionActivated.BY_LOOKUP);
        assertThat(metric("marketplace_upstream_calls_seconds_count", "operation=\"get_subscription\""))
                .isPositive();
    }

    @Test
    void aLostCalloutIsReplacedByALookUpAfterTheCalloutDeadline() {
        calloutSettings(Map.of("url", "http://localhost:1/nowhere", "maxAttempts", 1));
        double reconciledBefore = metric("marketplace_zuora_reconciliations_total");
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 4);
        long published = System.nanoTime();
        publish(order);

        ZuoraSubscriptionActivated activated = activated(order);
        assertThat(activated.observedBy()).isEqualTo(ZuoraSubscriptionActivated.BY_LOOKUP);
        // Not before the callout deadline (4 s in the test profile): the callout had its chance.
        assertThat(Duration.ofNanos(System.nanoTime() - published)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(zuoraEventsOfType(order.orderId(), 0, EventType.ZUORA_CALLOUT_RECEIVED)).isEmpty();
        // Operators see reconciliations counted: each is a callout Zuora did not deliver in time (at least this
        // one: another test's order may be reconciled meanwhile).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(metric(
                "marketplace_zuora_reconciliations_total")).isGreaterThanOrEqualTo(reconciledBefore + 1));
    }

    @Test
    void aSubscriptionNeverActiveWithinItsDeadlineIsAnIncident() {
        activation(Map.of("initialStatus", "Pending Activation"));
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 4);
        publish(order);
        ZuoraSubscriptionStuck stuck = payloads(order.orderId(), 1, EventType.ZUORA_SUBSCRIPTION_STUCK,
                ZuoraSubscriptionStuck.class).get(0);
        assertThat(stuck.code()).isEqualTo("activation_overdue");
        assertThat(stuck.message()).contains("Pending Activation");
        assertThat(zuoraEventsOfType(order.orderId(), 0, EventType.ZUORA_SUBSCRIPTION_ACTIVATED)).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                metric("marketplace_steps", "kind=\"zuora.await-activation\"", "state=\"stuck\"") > 0);
    }

    @Test
    void aBodyThatCannotBeUnderstoodIs400WithoutInternalDetail() {
        for (String bad : List.of("", "not json", "[]", "{\"event\":\"SubscriptionCreated\"}",
                "{\"event\":\"X\",\"subscriptionNumber\":\"A-S1\",\"orderId\":\"not-a-uuid\"}",
                "{\"event\":\"X\",\"subscriptionNumber\":42}",
                "{\"event\":\"X\\u0000\",\"subscriptionNumber\":\"A-S1\"}")) {
            send(UUID.randomUUID().toString(), bad).statusCode(400).body("error", equalTo("malformed_callout"))
                    .body(not(containsString("at com.")));
        }
        String valid = body("A-S99000004", UUID.randomUUID().toString(), "Active");
        authenticated(null, CALLOUT_PASSWORD).header("X-Zuora-Signature", sign(valid, HMAC_SECRET)).body(valid)
                .post(CALLOUTS).then().statusCode(400).body("message", equalTo("Zuora-Notification-Id is required"));
    }

    private static ZuoraSubscriptionCreated created(OrderPlaced order) {
        return payloads(order.orderId(), 1, EventType.ZUORA_SUBSCRIPTION_CREATED, ZuoraSubscriptionCreated.class).get(0);
    }

    private static ZuoraSubscriptionActivated activated(OrderPlaced order) {
        return payloads(order.orderId(), 1, EventType.ZUORA_SUBSCRIPTION_ACTIVATED, ZuoraSubscriptionActivated.class)
                .get(0);
    }

    private static String body(String subscriptionNumber, String orderId, String status) {
        return new JsonObject().put("event", "SubscriptionCreated").put("subscriptionNumber", subscriptionNumber)
                .put("accountNumber", "A00099999").put("status", status).put("orderId", orderId).encode();
    }

    private static ValidatableResponse send(String notificationId, String body) {
        return authenticated(notificationId, CALLOUT_PASSWORD).header("X-Zuora-Signature", sign(body, HMAC_SECRET))
                .body(body).post(CALLOUTS).then();
    }

    private static RequestSpecification authenticated(String notificationId, String password) {
        RequestSpecification request = given().auth().preemptive().basic(CALLOUT_USER, password)
                .contentType("application/json");
        return notificationId == null ? request : request.header("Zuora-Notification-Id", notificationId);
    }

    private static String sign(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> attemptsFor(String notificationId) {
        List<Map<String, Object>> all = given().baseUri(Platform.sandboxUrl()).get("/sandbox/callouts").then()
                .statusCode(200).extract().jsonPath().getList("");
        return all.stream().filter(a -> notificationId.equals(a.get("notificationId"))).toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
