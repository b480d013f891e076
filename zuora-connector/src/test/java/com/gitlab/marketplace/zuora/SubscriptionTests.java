package com.gitlab.marketplace.zuora;

import static com.gitlab.marketplace.zuora.Platform.PREMIUM_SAAS;
import static com.gitlab.marketplace.zuora.Platform.PREMIUM_SAAS_CHARGE;
import static com.gitlab.marketplace.zuora.Platform.config;
import static com.gitlab.marketplace.zuora.Platform.faults;
import static com.gitlab.marketplace.zuora.Platform.metric;
import static com.gitlab.marketplace.zuora.Platform.order;
import static com.gitlab.marketplace.zuora.Platform.publish;
import static com.gitlab.marketplace.zuora.Platform.sql;
import static com.gitlab.marketplace.zuora.Platform.subscriptionsOf;
import static com.gitlab.marketplace.zuora.Platform.zuoraResults;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.gitlab.marketplace.events.EventJson;
import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.EventSource;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.order.OrderRedriveRequested;
import com.gitlab.marketplace.events.order.OrderRetryRequested;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionStuck;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import com.gitlab.marketplace.infrastructure.embedded.TopicRecords;
import com.gitlab.marketplace.zuora.service.SubscriptionSteps;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OrderPlaced in, a subscription in the Zuora sandbox and one result event out, whatever goes wrong. */
@QuarkusTest
class SubscriptionTests {

    @BeforeEach
    void noFaults() {
        faults(Map.of());
    }

    @Test
    void anOrderBecomesOneSubscriptionOwnedByTheCustomerAndInvoicedToThePartner() {
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 25);
        publish(order);

        ZuoraSubscriptionCreated created = single(zuoraResults(order.orderId(), 1), ZuoraSubscriptionCreated.class);
        assertThat(created.subscriptionNumber()).matches("A-S\\d{8}");
        assertThat(created.zuoraOrderNumber()).matches("O-\\d{8}");
        assertThat(created.accountNumber()).isEqualTo(Platform.INVOICE_OWNER);

        List<Map<String, Object>> subscriptions = subscriptionsOf(order.orderId());
        assertThat(subscriptions).hasSize(1);
        Map<String, Object> subscription = subscriptions.get(0);
        assertThat(subscription.get("subscriptionNumber")).isEqualTo(created.subscriptionNumber());
        assertThat(subscription.get("invoiceOwnerAccountNumber")).isEqualTo(Platform.INVOICE_OWNER);
        assertThat(subscription.get("initialTerm")).isEqualTo(12);
        // The term the platform announces is the one Zuora has: from the order date, 12 months, renewing.
        LocalDate orderDate = LocalDate.ofInstant(order.occurredAt(), ZoneOffset.UTC);
        assertThat(subscription.get("termStartDate")).isEqualTo(orderDate.toString());
        assertThat(subscription.get("termEndDate")).isEqualTo(orderDate.plusMonths(12).toString());
        assertThat(subscription.get("autoRenew")).isEqualTo(true);
        assertThat(created.termStartDate()).isEqualTo(orderDate);
        assertThat(created.termEndDate()).isEqualTo(orderDate.plusMonths(12));
        assertThat(created.autoRenew()).isTrue();
        assertThat(subscription.toString()).contains("quantity=25").contains(PREMIUM_SAAS_CHARGE);
        String owner = (String) subscription.get("accountNumber");
        assertThat(owner).isNotEqualTo(Platform.INVOICE_OWNER);
        given().baseUri(Platform.sandboxUrl()).get("/sandbox/accounts").then().statusCode(200)
                .body("find { it.accountNumber == '" + owner + "' }.name", org.hamcrest.Matchers.equalTo("Acme Corp"))
                .body("find { it.accountNumber == '" + owner + "' }.billToContact.workEmail",
                        org.hamcrest.Matchers.equalTo("ada@acme.example"));
    }

    @Test
    void aRedeliveredOrderMakesNoSecondSubscriptionAndNoSecondEvent() {
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 5);
        ProducerRecord<String, byte[]> record = publish(order);
        zuoraResults(order.orderId(), 1);
        Platform.send(record);
        publish(order); // the same order again under a new ce_id, as a relay replay would

        List<ReceivedEvent> events = zuoraResults(order.orderId(), 1);
        awaitQuiet();
        assertThat(zuoraResults(order.orderId(), 1)).hasSize(1);
        assertThat(events).hasSize(1);
        assertThat(subscriptionsOf(order.orderId())).hasSize(1);
    }

    @Test
    void whatZuoraRefusesIsAFailureThatNoRetryWouldFix() {
        OrderPlaced unknownPlan = order("8a28aa0b7e1c4d01017e1f0aNOSUCH", PREMIUM_SAAS_CHARGE, 5);
        publish(unknownPlan);
        ZuoraSubscriptionFailed invalid = single(zuoraResults(unknownPlan.orderId(), 1), ZuoraSubscriptionFailed.class);
        assertThat(invalid.retryable()).isFalse();
        assertThat(invalid.code()).isEqualTo("53100320");
        assertThat(invalid.message()).contains("productRatePlanId");
        assertThat(invalid.source()).isEqualTo("zuora");
        assertThat(invalid.attempt()).isZero();

        OrderPlaced unknownAccount = order("A99999999", PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 5);
        publish(unknownAccount);
        ZuoraSubscriptionFailed notFound = single(zuoraResults(unknownAccount.orderId(), 1), ZuoraSubscriptionFailed.class);
        assertThat(notFound.retryable()).isFalse();
        assertThat(notFound.code()).isEqualTo("50000040");

        faults(Map.of("kind", "PERMANENT", "failNext", 1));
        OrderPlaced businessRule = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 5);
        publish(businessRule);
        ZuoraSubscriptionFailed refused = single(zuoraResults(businessRule.orderId(), 1), ZuoraSubscriptionFailed.class);
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.code()).isEqualTo("53100330");
        assertThat(subscriptionsOf(businessRule.orderId())).isEmpty();
    }

    @Test
    void transientFailuresAreRetriedUntilZuoraSucceeds() {
        double transientBefore = createOrderCalls("transient");
        double successBefore = createOrderCalls("success");
        for (String kind : List.of("SERVER_ERROR", "RETRYABLE", "TIMEOUT")) {
            faults(Map.of("kind", kind, "failNext", 2));
            OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 3);
            publish(order);
            assertThat(single(zuoraResults(order.orderId(), 1), ZuoraSubscriptionCreated.class).subscriptionNumber())
                    .as(kind).isNotBlank();
            assertThat(subscriptionsOf(order.orderId())).as(kind).hasSize(1);
        }
        // Operators see each attempt: two failed ones per kind, then the one that succeeded.
        assertThat(createOrderCalls("transient")).isEqualTo(transientBefore + 6);
        assertThat(createOrderCalls("success")).isEqualTo(successBefore + 3);
    }

    @Test
    void operatorsReadAnOrdersStepsWithEveryTryAndPartnersCannot() {
        faults(Map.of("kind", "SERVER_ERROR", "failNext", 1));
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 2);
        publish(order);
        single(zuoraResults(order.orderId(), 1), ZuoraSubscriptionCreated.class);

        var steps = given().auth().oauth2(TestTokens.operator())
                .get("/admin/orders/{orderId}/steps", order.orderId()).then().statusCode(200).extract().jsonPath();
        assertThat(steps.getString("service")).isEqualTo("zuora-connector");
        assertThat(steps.getString("orderId")).isEqualTo(order.orderId().toString());
        String create = "steps.find { it.kind == '" + SubscriptionSteps.CREATE + "' }";
        assertThat(steps.getString(create + ".state")).isEqualTo("done");
        assertThat(steps.getList(create + ".history.outcome", String.class)).hasSize(2).last().isEqualTo("done");
        assertThat(steps.getInt(create + ".history[0].durationMs")).isNotNegative();
        assertThat(steps.getString(create + ".history[0].detail")).isNotBlank();
        assertThat(steps.getString("steps.find { it.kind == '" + SubscriptionSteps.AWAIT_ACTIVATION + "' }.deadline"))
                .isNotBlank();

        given().auth().oauth2(TestTokens.partner("ptn-1", "marketplace.order:read"))
                .get("/admin/orders/{orderId}/steps", order.orderId()).then().statusCode(403);
        given().get("/admin/orders/{orderId}/steps", order.orderId()).then().statusCode(401);
    }

    /** {@code marketplace_upstream_calls_seconds_count} of Zuora's create_order with this outcome, on /q/metrics. */
    private static double createOrderCalls(String outcome) {
        return metric("marketplace_upstream_calls_seconds_count", "system=\"zuora\"", "operation=\"create_order\"",
                "outcome=\"" + outcome + "\"");
    }

    @Test
    void aRateLimitIsWaitedOutAsRetryAfterSays() {
        faults(Map.of("kind", "RATE_LIMITED", "failNext", 1, "retryAfterSeconds", 2));
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 3);
        long published = System.nanoTime();
        publish(order);
        ZuoraSubscriptionCreated created = single(zuoraResults(order.orderId(), 1), ZuoraSubscriptionCreated.class);
        // Our own backoff starts at 20 ms in tests; only Retry-After explains the wait.
        assertThat(Duration.ofNanos(System.nanoTime() - published)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(created.subscriptionNumber()).isNotBlank();
    }

    @Test
    void aZuoraThatKeepsRefusingForTheMomentEndsInAFailureThatBilledNothing() {
        // 429 means Zuora did not look at the order: when that lasts past the deadline, nothing was billed.
        faults(Map.of("kind", "RATE_LIMITED", "failNext", 500, "retryAfterSeconds", 1));
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 3);
        publish(order);
        ZuoraSubscriptionFailed failed = single(zuoraResults(order.orderId(), 1), ZuoraSubscriptionFailed.class);
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.code()).isEqualTo("http_429");
        assertThat(subscriptionsOf(order.orderId())).isEmpty();
    }

    @Test
    void aZuoraThatKeepsFailingInWaysThatMayHaveBilledIsAnIncidentNeverAFailure() {
        // A 5xx may come after Zuora created the subscription: past the deadline the order cannot be promised
        // "nothing billed", so it is an operator incident, not ZuoraSubscriptionFailed.
        faults(Map.of("kind", "SERVER_ERROR", "failNext", 500));
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 3);
        publish(order);
        ZuoraSubscriptionStuck stuck = single(zuoraResults(order.orderId(), 1), ZuoraSubscriptionStuck.class);
        assertThat(stuck.code()).isEqualTo("outcome_unknown");
        assertThat(stuck.retryable()).isTrue();
        assertThat(stuck.message()).contains("HTTP 500");
        // Each try after the first looked the subscription up before calling again.
        assertThat(metric("marketplace_upstream_calls_seconds_count", "operation=\"find_subscription\""))
                .isPositive();
    }

    @Test
    void anOrderStuckInAnOutageIsReDrivenOnceZuoraIsBackAndBilledOnceHoweverOftenItIsReDriven() {
        faults(Map.of("kind", "SERVER_ERROR", "failNext", 500));
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 4);
        publish(order);
        single(zuoraResults(order.orderId(), 1), ZuoraSubscriptionStuck.class);
        faults(Map.of());

        publish(new OrderRedriveRequested(order.orderId(), "operator", "Zuora outage over", Instant.now()));

        List<ReceivedEvent> results = zuoraResults(order.orderId(), 2);
        assertThat(results).extracting(e -> e.payload().getClass().getSimpleName())
                .containsExactly("ZuoraSubscriptionStuck", "ZuoraSubscriptionCreated");
        publish(new OrderRedriveRequested(order.orderId(), "operator", "once more, to be sure", Instant.now()));
        awaitQuiet();
        assertThat(subscriptionsOf(order.orderId())).as("subscriptions in Zuora for the order").hasSize(1);
    }

    @Test
    void anOperatorRetryAfterATimedOutAttemptFindsTheSubscriptionZuoraMadeAndMakesNoSecond() {
        // Zuora answers after the connector gave up on every call of attempt 0 (timeouts; then 409 for the same key
        // while the first is in progress), yet it does create the subscription.
        faults(Map.of("latencyMs", 10_000));
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 6);
        publish(order);
        ZuoraSubscriptionStuck stuck = single(zuoraResults(order.orderId(), 1), ZuoraSubscriptionStuck.class);
        assertThat(stuck.attempt()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> subscriptionsOf(order.orderId()).size() == 1);
        faults(Map.of());

        publish(new OrderRetryRequested(order.orderId(), 1, "operator", order, Instant.now()));

        List<ReceivedEvent> results = zuoraResults(order.orderId(), 2);
        assertThat(results).extracting(e -> e.payload().getClass().getSimpleName())
                .containsExactly("ZuoraSubscriptionStuck", "ZuoraSubscriptionCreated");
        ZuoraSubscriptionCreated created = (ZuoraSubscriptionCreated) results.get(1).payload();
        assertThat(created.subscriptionNumber()).isEqualTo(subscriptionsOf(order.orderId()).get(0)
                .get("subscriptionNumber"));
        awaitQuiet();
        assertThat(subscriptionsOf(order.orderId())).as("subscriptions in Zuora for the order").hasSize(1);
    }

    @Test
    void anExpiredTokenIsReplacedAndTheCallRepeated() {
        OrderPlaced first = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 1);
        publish(first);
        zuoraResults(first.orderId(), 1);

        given().baseUri(Platform.sandboxUrl()).post("/sandbox/tokens/expire").then().statusCode(204);
        OrderPlaced second = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 1);
        publish(second);
        assertThat(single(zuoraResults(second.orderId(), 1), ZuoraSubscriptionCreated.class).subscriptionNumber())
                .isNotBlank();
    }

    @Test
    void aWorkerThatDiedAfterZuoraCreatedTheSubscriptionLeavesOneSubscriptionAndOneEvent() {
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 7);
        // What a worker that died mid-call leaves: the order marked "outcome unknown", its step picked by a worker
        // whose heartbeats stopped, and the subscription Zuora made.
        sql("INSERT INTO subscription (order_id, placed, attempt, outcome_unknown, updated_at) "
                + "VALUES (?, ?::jsonb, 0, true, now())", order.orderId(), EventJson.serializeToString(order));
        sql("INSERT INTO step (kind, subject, order_id, attempt, state, tries, next_attempt_at, deadline, created_at, "
                + "updated_at) VALUES ('zuora.create-subscription', ?, ?, 0, 'pending', 0, now(), now() + interval '1 hour', "
                + "now(), now())", order.orderId().toString(), order.orderId());
        sql("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by, last_heartbeat, "
                + "version) VALUES ('zuora.create-subscription', ?, now(), true, 'a-dead-worker', "
                + "now() - interval '1 hour', 2)", order.orderId().toString());
        String token = given().baseUri(Platform.sandboxUrl()).formParam("grant_type", "client_credentials")
                .formParam("client_id", "zuora-sandbox-client").formParam("client_secret", "zuora-sandbox-secret")
                .post("/oauth/token").then().statusCode(200).extract().path("access_token");
        String made = given().baseUri(Platform.sandboxUrl()).auth().oauth2(token).contentType("application/json")
                .header("Idempotency-Key", "crashed-" + order.orderId())
                .body(zuoraOrderBody(order)).post("/v1/orders").then().statusCode(200)
                .extract().path("subscriptionNumbers[0]");

        ZuoraSubscriptionCreated created = single(zuoraResults(order.orderId(), 1), ZuoraSubscriptionCreated.class);
        assertThat(created.subscriptionNumber()).isEqualTo(made);
        publish(order); // the order redelivered as well
        awaitQuiet();
        assertThat(zuoraResults(order.orderId(), 1)).hasSize(1);
        assertThat(subscriptionsOf(order.orderId())).hasSize(1);
    }

    @Test
    void anOperatorRetryAfterAFailureCreatesTheSubscriptionAsTheNextAttempt() {
        faults(Map.of("kind", "PERMANENT", "failNext", 1));
        OrderPlaced order = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 4);
        publish(order);
        assertThat(single(zuoraResults(order.orderId(), 1), ZuoraSubscriptionFailed.class).attempt()).isZero();

        publish(new OrderRetryRequested(order.orderId(), 1, "operator", order, Instant.now()));
        List<ReceivedEvent> events = zuoraResults(order.orderId(), 2);
        assertThat(events).extracting(e -> e.payload().getClass().getSimpleName())
                .containsExactly("ZuoraSubscriptionFailed", "ZuoraSubscriptionCreated");
        assertThat(subscriptionsOf(order.orderId())).hasSize(1);

        // A further retry (the failure was elsewhere) finds the subscription and makes nothing new.
        publish(new OrderRetryRequested(order.orderId(), 2, "operator", order, Instant.now()));
        awaitQuiet();
        assertThat(zuoraResults(order.orderId(), 2)).hasSize(2);
        assertThat(subscriptionsOf(order.orderId())).hasSize(1);
    }

    @Test
    void anOrderWhosePlanIsNotItsFirstLineTakesThePlansTerm() {
        OrderPlaced threeYears = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 5);
        OrderLine addOn = new OrderLine("storage-10gb-1y", "GitLab storage 10 GB add-on, 1 year", 2, 12, "storage",
                "8a28aa0b7e1c4d01017e1f0a1b2c0008", "8a28aa0b7e1c4d01017e1f0a1b2c0108", "GL-STOR-10GB-1Y",
                OrderLine.ADD_ON);
        OrderLine plan = new OrderLine("premium-sm-3y", "GitLab Premium (Self-Managed), 3 years", 5, 36, "premium",
                "8a28aa0b7e1c4d01017e1f0a1b2c0005", "8a28aa0b7e1c4d01017e1f0a1b2c0105", "GL-PREM-SM-3Y", OrderLine.PLAN);
        OrderPlaced order = new OrderPlaced(threeYears.orderId(), threeYears.partnerId(),
                threeYears.externalSubscriptionId(), threeYears.tradingPartnerId(),
                threeYears.zuoraInvoiceOwnerAccountNumber(), threeYears.salesforceDistributorAccountId(),
                threeYears.customer(), List.of(addOn, plan), threeYears.occurredAt());
        publish(order);
        single(zuoraResults(order.orderId(), 1), ZuoraSubscriptionCreated.class);
        assertThat(subscriptionsOf(order.orderId()).get(0).get("initialTerm")).isEqualTo(36);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndLaterOrdersStillWork() {
        double deadLettersBefore = metric("marketplace_dead_letters_total",
                "topic=\"" + Topics.deadLetter(Topics.ORDER_EVENTS) + "\"");
        String key = UUID.randomUUID().toString();
        Platform.send(new ProducerRecord<>(Topics.ORDER_EVENTS, key, "not an event".getBytes(StandardCharsets.UTF_8)));
        OrderPlaced later = order(PREMIUM_SAAS, PREMIUM_SAAS_CHARGE, 2);
        publish(later);

        assertThat(single(zuoraResults(later.orderId(), 1), ZuoraSubscriptionCreated.class)).isNotNull();
        var dead = TopicRecords.await(config("kafka.bootstrap.servers"), Topics.deadLetter(Topics.ORDER_EVENTS),
                r -> key.equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(new String(dead.get(0).headers().lastHeader("dlq-reason").value(), StandardCharsets.UTF_8))
                .contains("ce_specversion");
        assertThat(metric("marketplace_dead_letters_total", "topic=\"" + Topics.deadLetter(Topics.ORDER_EVENTS) + "\""))
                .isEqualTo(deadLettersBefore + 1);
    }

    private static Map<String, Object> zuoraOrderBody(OrderPlaced order) {
        return Map.of("orderDate", order.occurredAt().toString().substring(0, 10),
                "existingAccountNumber", order.zuoraInvoiceOwnerAccountNumber(),
                "subscriptions", List.of(Map.of(
                        "customFields", Map.of("MarketplaceOrderId__c", order.orderId().toString()),
                        "orderActions", List.of(Map.of("type", "CreateSubscription", "createSubscription", Map.of(
                                "newSubscriptionOwnerAccount", Map.of("name", "Acme Corp", "currency", "USD",
                                        "billToContact", Map.of("firstName", "Ada", "lastName", "Lovelace")),
                                "terms", Map.of("initialTerm", Map.of("period", 12, "periodType", "Month")),
                                "subscribeToRatePlans", List.of(Map.of("productRatePlanId", PREMIUM_SAAS,
                                        "chargeOverrides", List.of(Map.of("productRatePlanChargeId", PREMIUM_SAAS_CHARGE,
                                                "pricing", Map.of("recurringPerUnit", Map.of("quantity", 7))))))))))));
    }

    private static <T> T single(List<ReceivedEvent> events, Class<T> type) {
        assertThat(events).hasSize(1);
        assertThat(events.get(0).payload()).isInstanceOf(type);
        assertThat(events.get(0).attributes().source()).isEqualTo(EventSource.ZUORA_CONNECTOR.uri());
        return type.cast(events.get(0).payload());
    }

    /** Gives a redelivery time to be (wrongly) acted on before counting. */
    private static void awaitQuiet() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
