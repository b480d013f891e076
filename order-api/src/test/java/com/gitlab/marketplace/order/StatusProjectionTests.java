package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.get;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static com.gitlab.marketplace.order.Orders.placeAsync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.gitlab.marketplace.event.consumer.ProcessedEventsCleanup;
import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.events.notification.LicenseNotificationFailed;
import com.gitlab.marketplace.events.notification.LicenseNotificationSent;
import com.gitlab.marketplace.events.order.OrderRetryRequested;
import com.gitlab.marketplace.events.partner.PartnerDetails;
import com.gitlab.marketplace.events.partner.PartnerRegistered;
import com.gitlab.marketplace.events.salesforce.SalesforceRecordsCreated;
import com.gitlab.marketplace.events.salesforce.SalesforceSyncFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionStuck;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status projection: every transition, duplicates, any order of arrival, failure and operator retry. */
@QuarkusTest
class StatusProjectionTests {

    @Inject
    ProcessedEventsCleanup cleanup;

    @Inject
    Pool pool;

    @Test
    void consumedEventIdsAreForgottenOnlyOnceNoCopyOfTheirEventCanComeBack() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        Instant now = Instant.now();
        for (var row : List.of(Tuple.of(old, now.minus(Duration.ofDays(15)).atOffset(ZoneOffset.UTC)),
                Tuple.of(recent, now.minus(Duration.ofDays(13)).atOffset(ZoneOffset.UTC)))) {
            pool.preparedQuery("INSERT INTO processed_event (event_id, event_type, processed_at) VALUES ($1, 'test', $2)")
                    .execute(row).await().atMost(Duration.ofSeconds(10));
        }

        assertThat(cleanup.deleteOlderThan(now.minus(Duration.ofDays(14))).await().atMost(Duration.ofSeconds(10)))
                .isGreaterThanOrEqualTo(1L);

        List<UUID> left = pool.preparedQuery("SELECT event_id FROM processed_event WHERE event_id = ANY($1)")
                .execute(Tuple.of(new UUID[] {old, recent})).await().atMost(Duration.ofSeconds(10))
                .stream().map(row -> row.getUUID("event_id")).toList();
        assertThat(left).containsExactly(recent);
    }


    private String token;
    private String externalId;
    private UUID orderId;

    @BeforeEach
    void placeAnOrder() {
        String partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        token = TestTokens.partner(partnerId, "marketplace.order:create");
        externalId = newExternalId();
        orderId = UUID.fromString(placeAsync(token, body(externalId)).statusCode(202).extract().path("id"));
    }

    @Test
    void creatingThenCreatedThenProvisioned() {
        Platform.publish(new ZuoraSubscriptionCreated(orderId, "A-S00000031", "A00024362", "O-00000047", Instant.now()));
        awaitStatus("Creating", "A-S00000031");

        Platform.publish(new SalesforceRecordsCreated(orderId, "001A", "003C", "006O", "A-S00000031", Instant.now()));
        awaitStatus("Created", "A-S00000031");

        Platform.publish(new LicenseNotificationSent(orderId, "A-S00000031", "lic-1", "ada@acme.example", Instant.now()));
        JsonPath provisioned = awaitStatus("Provisioned", "A-S00000031");
        assertThat(provisioned.getList("errors")).isEmpty();
        assertThat(Instant.parse(provisioned.getString("updatedAt")))
                .isAfterOrEqualTo(Instant.parse(provisioned.getString("createdAt")));
    }

    @Test
    void eventsInReverseOrderAndDeliveredTwiceEndTheSame() {
        ProducerRecord<String, byte[]> license = Platform.publish(
                new LicenseNotificationSent(orderId, "A-S00000032", "lic-2", "ada@acme.example", Instant.now()));
        Platform.send(license);
        Platform.publish(new SalesforceRecordsCreated(orderId, "001A", "003C", "006O", null, Instant.now()));
        ProducerRecord<String, byte[]> zuora = Platform.publish(
                new ZuoraSubscriptionCreated(orderId, "A-S00000032", "A00024362", "O-00000048", Instant.now()));
        Platform.send(zuora);

        awaitStatus("Provisioned", "A-S00000032");
    }

    @Test
    void aFailureAfterBillingIsListedOnceAndNeverMakesTheOrderFailed() {
        ProducerRecord<String, byte[]> failure = Platform.publish(new SalesforceSyncFailed(orderId, 0, false,
                FailureSource.SALESFORCE, "INVALID_FIELD", "Trading partner account not found", Instant.now()));
        Platform.send(failure);
        Platform.send(failure);
        // Same key, same partition: once this later event is applied, both redeliveries were consumed.
        Platform.publish(new ZuoraSubscriptionCreated(orderId, "A-S00000035", "A00024362", "O-00000051", Instant.now()));

        JsonPath billed = awaitStatus("Creating", "A-S00000035");
        assertThat(billed.getList("errors")).hasSize(1);
        assertThat(billed.getString("errors[0].source")).isEqualTo("salesforce");
        assertThat(billed.getString("errors[0].code")).isEqualTo("INVALID_FIELD");
        assertThat(billed.getString("errors[0].message")).isEqualTo("Trading partner account not found");
        assertThat(billed.getBoolean("errors[0].retryable")).isFalse();

        // The operator's retry of the failed step; its records then come, and the order goes on.
        given().auth().oauth2(TestTokens.operator()).post("/admin/orders/{id}/retry", orderId).then().statusCode(200);
        Platform.publish(new SalesforceRecordsCreated(orderId, "001A", "003C", "006O", "A-S00000035", Instant.now()));
        assertThat(awaitStatus("Created", "A-S00000035").getList("errors")).isEmpty();
    }

    @Test
    void aFailedOrderRetriedByAnOperatorGoesBackToCreatingAndCanSucceed() {
        Platform.publish(new ZuoraSubscriptionFailed(orderId, 0, true, FailureSource.ZUORA, "53100050",
                "Lock competition, retries exhausted", Instant.now()));
        awaitStatus("Failed", null);

        given().auth().oauth2(token).post("/admin/orders/{id}/retry", orderId).then().statusCode(403);
        given().auth().oauth2(TestTokens.operator()).post("/admin/orders/{id}/retry", UUID.randomUUID())
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.operator()).post("/admin/orders/{id}/retry", orderId)
                .then().statusCode(200)
                .body("status", equalTo("Creating"))
                .body("errors.size()", equalTo(0));
        given().auth().oauth2(TestTokens.operator()).post("/admin/orders/{id}/retry", orderId)
                .then().statusCode(409).body("error", equalTo("nothing_to_retry"));

        var retries = Platform.awaitRecords(Topics.ORDER_EVENTS, r -> orderId.toString().equals(r.key())
                && new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8).contains("retry"), 1);
        assertThat(retries).hasSize(1);
        assertThat(EventRecords.read(retries.get(0)).payload()).isInstanceOfSatisfying(OrderRetryRequested.class,
                retry -> {
                    assertThat(retry.attempt()).isEqualTo(1);
                    assertThat(retry.order().orderId()).isEqualTo(orderId);
                    assertThat(retry.order().externalSubscriptionId()).isEqualTo(externalId);
                    assertThat(retry.requestedBy()).isEqualTo("operator");
                });
        assertThat(given().auth().oauth2(TestTokens.operator()).get("/admin/orders/{id}", orderId).then()
                .statusCode(200).extract().jsonPath().getList("operatorActions.action"))
                .as("the audit: one retry, not the refused second").containsExactly("retry");

        // A failure of the first attempt that arrives late does not fail the retry; one of the retry does.
        Platform.publish(new SalesforceSyncFailed(orderId, 0, true, FailureSource.SALESFORCE, "UNABLE_TO_LOCK_ROW",
                "first attempt, reported late", Instant.now().plusSeconds(3600)));
        Platform.publish(new ZuoraSubscriptionCreated(orderId, "A-S00000033", "A00024362", "O-00000049", Instant.now()));
        Platform.publish(new SalesforceRecordsCreated(orderId, "001A", "003C", "006O", "A-S00000033", Instant.now()));
        awaitStatus("Created", "A-S00000033");

        // The license email fails after billing: listed, never Failed; and the operator may retry it.
        Platform.publish(new LicenseNotificationFailed(orderId, 1, false, FailureSource.NOTIFICATION, "invalid_recipient",
                "mailbox unavailable", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !get(token, externalId).statusCode(200).extract().jsonPath()
                .getList("errors").isEmpty());
        JsonPath listed = awaitStatus("Created", "A-S00000033");
        assertThat(listed.getList("errors.code")).containsExactly("invalid_recipient");
        // Never the mail server's reply: what failed and what the partner can check.
        assertThat(listed.getString("errors[0].message")).doesNotContain("mailbox unavailable")
                .contains("customer.contact.email");
        given().auth().oauth2(TestTokens.operator()).post("/admin/orders/{id}/retry", orderId).then().statusCode(200)
                .body("status", equalTo("Created"));
    }

    @Test
    void aZuoraIncidentIsListedButTheOrderIsNeverFailedForIt() {
        // Worded for operators, as zuora-connector writes it: a setting, a host, a timeout.
        String operatorsMessage = "Zuora did not confirm the subscription within PT10M; the last try: "
                + "POST http://zuora-sandbox.internal:8091/v1/orders timed out after PT30S";
        Platform.publish(new ZuoraSubscriptionStuck(orderId, 0, true, FailureSource.ZUORA, "outcome_unknown",
                operatorsMessage, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !get(token, externalId).statusCode(200).extract().jsonPath()
                .getList("errors").isEmpty());
        JsonPath incident = awaitStatus("Creating", null);
        assertThat(incident.getString("errors[0].code")).isEqualTo("outcome_unknown");
        assertThat(incident.getBoolean("errors[0].retryable")).isTrue();
        // The partner is told what failed, not where; operators see the whole message in their view.
        assertThat(incident.getString("errors[0].message")).startsWith("Zuora did not confirm the subscription in time")
                .doesNotContain("zuora-sandbox", "PT", "http");
        given().auth().oauth2(TestTokens.operator()).get("/admin/orders/{id}", orderId).then().statusCode(200)
                .body(containsString("zuora-sandbox.internal"));
    }

    @Test
    void eventsThatFailTheSameWayOnEveryTryGoToTheDeadLetterTopicAndLaterEventsStillApply() {
        String partnerId = "ptn-" + UUID.randomUUID().toString().substring(0, 8);
        // Parseable, but without the order it is about.
        ProducerRecord<String, byte[]> noOrderId = Platform.send(Platform.withPayload(
                EventType.ZUORA_SUBSCRIPTION_CREATED, orderId.toString(),
                "{\"subscriptionNumber\":\"A-S1\",\"accountNumber\":\"A1\",\"zuoraOrderNumber\":\"O-1\"}"));
        // A partner event without its partner.
        ProducerRecord<String, byte[]> noPartner = Platform.send(Platform.withPayload(EventType.PARTNER_REGISTERED,
                partnerId, "{\"partner\":null,\"occurredAt\":\"2026-11-21T10:00:00Z\"}"));
        // Valid by the contract, but the replica's NOT NULL constraint refuses it on every try.
        ProducerRecord<String, byte[]> noName = Platform.publish(new PartnerRegistered(new PartnerDetails(partnerId,
                null, "A00001234", "0018X00003Distrib", List.of(Platform.TRADING_PARTNER), true, 1, null), Instant.now()));

        Platform.publish(new ZuoraSubscriptionCreated(orderId, "A-S00000036", "A00024362", "O-00000052", Instant.now()));
        awaitStatus("Creating", "A-S00000036");
        String laterPartner = Platform.registerPartner();
        Platform.awaitReplicated(laterPartner);

        assertThat(deadLetterReason(Topics.ZUORA_EVENTS, noOrderId)).contains("orderId is required");
        assertThat(deadLetterReason(Topics.PARTNER_EVENTS, noPartner)).contains("partner is required");
        assertThat(deadLetterReason(Topics.PARTNER_EVENTS, noName)).contains("failed the same way on every try")
                .contains("not-null");
    }

    private static String deadLetterReason(String topic, ProducerRecord<String, byte[]> original) {
        byte[] id = original.headers().lastHeader("ce_id").value();
        var dead = Platform.awaitRecords(Topics.deadLetter(topic),
                r -> Arrays.equals(id, r.headers().lastHeader("ce_id").value()), 1);
        assertThat(dead).hasSize(1);
        return new String(dead.get(0).headers().lastHeader("dlq-reason").value(), StandardCharsets.UTF_8);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndLaterEventsStillApply() {
        ProducerRecord<String, byte[]> poison = new ProducerRecord<>(Topics.ZUORA_EVENTS, orderId.toString(),
                "not an event".getBytes(StandardCharsets.UTF_8));
        Platform.send(poison);
        Platform.publish(new ZuoraSubscriptionCreated(orderId, "A-S00000034", "A00024362", "O-00000050", Instant.now()));

        var dead = Platform.awaitRecords(Topics.deadLetter(Topics.ZUORA_EVENTS),
                r -> orderId.toString().equals(r.key()), 1);
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not an event");
        assertThat(new String(dead.get(0).headers().lastHeader("dlq-reason").value(), StandardCharsets.UTF_8))
                .contains("ce_specversion");
        awaitStatus("Creating", "A-S00000034");
    }

    private JsonPath awaitStatus(String status, String subscriptionNumber) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = get(token, externalId).statusCode(200).extract().jsonPath();
            return status.equals(last[0].getString("status"))
                    && (subscriptionNumber == null || subscriptionNumber.equals(last[0].getString("subscriptionNumber")));
        });
        return last[0];
    }
}
