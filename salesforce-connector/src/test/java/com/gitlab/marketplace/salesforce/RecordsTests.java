package com.gitlab.marketplace.salesforce;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.EventSource;
import com.gitlab.marketplace.events.MarketplaceEvent;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.events.order.Address;
import com.gitlab.marketplace.events.order.Contact;
import com.gitlab.marketplace.events.order.Customer;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.order.OrderRetryRequested;
import com.gitlab.marketplace.events.salesforce.SalesforceRecordsCreated;
import com.gitlab.marketplace.events.salesforce.SalesforceSyncFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionFailed;
import com.gitlab.marketplace.infrastructure.embedded.TopicRecords;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OrderPlaced (and ZuoraSubscriptionCreated) in, records in the Salesforce sandbox and one result out. */
@QuarkusTest
class RecordsTests {

    private static final String DISTRIBUTOR = "0018X00003Distrib";
    private static final String TRADING_PARTNER = "0018X00003TPartnr";

    @BeforeEach
    void noFaults() {
        sandbox().contentType("application/json").body(Map.of()).put("/sandbox/faults").then().statusCode(200);
        sandbox().contentType("application/json").body(Map.of("dailyLimit", 100_000, "used", 0))
                .put("/sandbox/limits").then().statusCode(200);
    }

    @Test
    void anOrderBecomesAnAccountContactOpportunityAndItsLinesWithEveryReference() {
        OrderPlaced order = order(TRADING_PARTNER, "ada@acme.example", List.of(line("GL-PREM-SAAS-1Y", 25),
                line("GL-DUO-PRO-1Y", 25)));
        publish(order);

        SalesforceRecordsCreated created = single(results(order.orderId(), 1), SalesforceRecordsCreated.class);
        Map<String, Object> account = only(records("Account", order.orderId()));
        assertThat(account.get("Id")).isEqualTo(created.accountId());
        assertThat(account.get("Name")).isEqualTo("Acme Corp");
        assertThat(account.get("RecordTypeId")).isEqualTo("0128X000000CustAAA");
        assertThat(account.get("BillingCountry")).isEqualTo("US");
        Map<String, Object> contact = only(records("Contact", order.orderId()));
        assertThat(contact.get("Id")).isEqualTo(created.contactId());
        assertThat(contact.get("AccountId")).isEqualTo(created.accountId());
        assertThat(contact.get("Email")).isEqualTo("ada@acme.example");
        Map<String, Object> opportunity = only(records("Opportunity", order.orderId()));
        assertThat(opportunity.get("Id")).isEqualTo(created.opportunityId());
        assertThat(opportunity.get("AccountId")).isEqualTo(created.accountId());
        assertThat(opportunity.get("Distributor__c")).isEqualTo(DISTRIBUTOR);
        assertThat(opportunity.get("Trading_Partner__c")).isEqualTo(TRADING_PARTNER);
        assertThat(opportunity.get("External_Subscription_Id__c")).isEqualTo(order.externalSubscriptionId());
        // Zuora has not said yet what it did with the order: the opportunity stays open until it does.
        assertThat(opportunity.get("StageName")).isEqualTo("Negotiation/Review");
        List<Map<String, Object>> lines = all("OpportunityLineItem").stream()
                .filter(l -> created.opportunityId().equals(l.get("OpportunityId"))).toList();
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(((Number) l.get("Quantity")).intValue()).isEqualTo(25));
        List<Object> entries = all("PricebookEntry").stream()
                .filter(e -> List.of("GL-PREM-SAAS-1Y", "GL-DUO-PRO-1Y").contains(e.get("ProductCode")))
                .map(e -> e.get("Id")).toList();
        assertThat(lines).extracting(l -> l.get("PricebookEntryId")).containsExactlyInAnyOrderElementsOf(entries);
    }

    @Test
    void theSubscriptionNumberReachesTheOpportunityWhicheverEventComesFirst() {
        OrderPlaced before = order(TRADING_PARTNER, "ada@acme.example", List.of(line("GL-PREM-SAAS-1Y", 5)));
        publish(new ZuoraSubscriptionCreated(before.orderId(), "A-S00000701", "A00001234", "O-1", Instant.now()));
        publish(before);
        assertThat(single(results(before.orderId(), 1), SalesforceRecordsCreated.class).zuoraSubscriptionNumber())
                .isEqualTo("A-S00000701");
        assertThat(only(records("Opportunity", before.orderId())).get("Zuora_Subscription_Number__c"))
                .isEqualTo("A-S00000701");
        assertThat(only(records("Opportunity", before.orderId())).get("StageName")).isEqualTo("Closed Won");

        OrderPlaced after = order(TRADING_PARTNER, "ada@acme.example", List.of(line("GL-PREM-SAAS-1Y", 5)));
        publish(after);
        single(results(after.orderId(), 1), SalesforceRecordsCreated.class);
        publish(new ZuoraSubscriptionCreated(after.orderId(), "A-S00000702", "A00001234", "O-2", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "A-S00000702".equals(only(records("Opportunity", after.orderId())).get("Zuora_Subscription_Number__c")));
        assertThat(only(records("Opportunity", after.orderId())).get("StageName")).isEqualTo("Closed Won");
    }

    @Test
    void anOrderZuoraRefusedIsALostOpportunityUntilARetryBillsIt() {
        OrderPlaced order = order(TRADING_PARTNER, "ada@acme.example", List.of(line("GL-PREM-SAAS-1Y", 5)));
        publish(order);
        single(results(order.orderId(), 1), SalesforceRecordsCreated.class);
        publish(new ZuoraSubscriptionFailed(order.orderId(), 0, false, "zuora", "53100330", "refused", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "Closed Lost".equals(only(records("Opportunity", order.orderId())).get("StageName")));

        // The operator's retry gets a subscription from Zuora: the same opportunity is won; a late refusal of the
        // earlier attempt changes nothing.
        publish(new ZuoraSubscriptionCreated(order.orderId(), "A-S00000703", "A00001234", "O-3", Instant.now()));
        publish(new ZuoraSubscriptionFailed(order.orderId(), 0, false, "zuora", "53100330", "refused", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "Closed Won".equals(only(records("Opportunity", order.orderId())).get("StageName")));
        pause();
        Map<String, Object> opportunity = only(records("Opportunity", order.orderId()));
        assertThat(opportunity.get("StageName")).isEqualTo("Closed Won");
        assertThat(opportunity.get("Zuora_Subscription_Number__c")).isEqualTo("A-S00000703");
    }

    @Test
    void aStampThatFailsIsRetriedLikeAnyStepAndARepeatChangesNothing() {
        OrderPlaced order = order(TRADING_PARTNER, "ada@acme.example", List.of(line("GL-PREM-SAAS-1Y", 5)));
        publish(order);
        single(results(order.orderId(), 1), SalesforceRecordsCreated.class);
        sandbox().contentType("application/json").body(Map.of("kind", "SERVER_ERROR", "failNext", 3))
                .put("/sandbox/faults").then().statusCode(200);

        ZuoraSubscriptionCreated created = new ZuoraSubscriptionCreated(order.orderId(), "A-S00000704", "A00001234",
                "O-4", Instant.now());
        publish(created);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "A-S00000704".equals(only(records("Opportunity", order.orderId())).get("Zuora_Subscription_Number__c")));
        publish(created); // redelivered under a new ce_id, as a relay replay would
        pause();
        assertThat(only(records("Opportunity", order.orderId())).get("StageName")).isEqualTo("Closed Won");
        assertThat(results(order.orderId(), 1)).as("no failure reported for the stamp").hasSize(1);
        assertThat(deadLetters(order.orderId())).isEmpty();
    }

    @Test
    void repeatedDeliveryNeverDuplicatesRecords() {
        OrderPlaced order = order(TRADING_PARTNER, "ada@acme.example", List.of(line("GL-PREM-SAAS-1Y", 3)));
        ProducerRecord<String, byte[]> record = publish(order);
        results(order.orderId(), 1);
        send(record);
        publish(order);
        publish(new OrderRetryRequested(order.orderId(), 1, "operator", order, Instant.now()));
        pause();

        assertThat(results(order.orderId(), 1)).hasSize(1);
        assertThat(records("Account", order.orderId())).hasSize(1);
        assertThat(records("Contact", order.orderId())).hasSize(1);
        assertThat(records("Opportunity", order.orderId())).hasSize(1);
    }

    @Test
    void anOrderForATradingPartnerSalesforceDoesNotKnowAsOneFailsForGood() {
        OrderPlaced unknown = order("0018X00003NoSuch1", "ada@acme.example", List.of(line("GL-PREM-SAAS-1Y", 3)));
        publish(unknown);
        SalesforceSyncFailed failed = single(results(unknown.orderId(), 1), SalesforceSyncFailed.class);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.code()).isEqualTo("TRADING_PARTNER_NOT_FOUND");
        assertThat(failed.message()).contains("0018X00003NoSuch1");
        assertThat(failed.source()).isEqualTo("salesforce");

        OrderPlaced distributorAsTradingPartner = order(DISTRIBUTOR, "ada@acme.example",
                List.of(line("GL-PREM-SAAS-1Y", 3)));
        publish(distributorAsTradingPartner);
        assertThat(single(results(distributorAsTradingPartner.orderId(), 1), SalesforceSyncFailed.class).code())
                .isEqualTo("TRADING_PARTNER_NOT_FOUND");
        assertThat(records("Account", unknown.orderId())).isEmpty();

        // An administrator makes the account a trading partner in Salesforce; the operator's retry then succeeds.
        sandbox().contentType("application/json").body(Map.of("Name", "A new trading partner",
                "RecordTypeId", "0128X000000TrPaAAA")).put("/sandbox/records/Account/0018X00003NoSuch1")
                .then().statusCode(204);
        publish(new OrderRetryRequested(unknown.orderId(), 1, "operator", unknown, Instant.now()));
        assertThat(results(unknown.orderId(), 2)).extracting(e -> e.payload().getClass().getSimpleName())
                .containsExactly("SalesforceSyncFailed", "SalesforceRecordsCreated");
        assertThat(records("Opportunity", unknown.orderId())).hasSize(1);
    }

    @Test
    void anEmailSalesforceRefusesRollsBackTheWholeRequest() {
        OrderPlaced order = order(TRADING_PARTNER, "not-an-email", List.of(line("GL-PREM-SAAS-1Y", 3)));
        publish(order);
        SalesforceSyncFailed failed = single(results(order.orderId(), 1), SalesforceSyncFailed.class);
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.code()).isEqualTo("INVALID_EMAIL_ADDRESS");
        assertThat(failed.message()).contains("not-an-email");
        // The account came first in the same all-or-none request, and was rolled back with it.
        assertThat(records("Account", order.orderId())).isEmpty();
        assertThat(records("Contact", order.orderId())).isEmpty();
    }

    @Test
    void anExpiredSessionIsRenewedAndTransientFailuresAreRetried() {
        sandbox().post("/sandbox/sessions/expire").then().statusCode(204);
        for (String kind : List.of("SERVER_ERROR", "UNABLE_TO_LOCK_ROW", "TIMEOUT")) {
            sandbox().contentType("application/json").body(Map.of("kind", kind, "failNext", 2)).put("/sandbox/faults")
                    .then().statusCode(200);
            OrderPlaced order = order(TRADING_PARTNER, "ada@acme.example", List.of(line("GL-PREM-SAAS-1Y", 2)));
            publish(order);
            assertThat(single(results(order.orderId(), 1), SalesforceRecordsCreated.class).opportunityId())
                    .as(kind).isNotBlank();
            assertThat(records("Opportunity", order.orderId())).as(kind).hasSize(1);
        }
    }

    @Test
    void overTheDailyLimitTheOrderFailsRetryablyAtTheStepsDeadline() {
        OrderPlaced warmUp = order(TRADING_PARTNER, "ada@acme.example", List.of(line("GL-PREM-SAAS-1Y", 1)));
        publish(warmUp);
        results(warmUp.orderId(), 1);
        sandbox().contentType("application/json").body(Map.of("dailyLimit", 10, "used", 10)).put("/sandbox/limits")
                .then().statusCode(200);

        OrderPlaced order = order(TRADING_PARTNER, "ada@acme.example", List.of(line("GL-PREM-SAAS-1Y", 1)));
        publish(order);
        SalesforceSyncFailed failed = single(results(order.orderId(), 1), SalesforceSyncFailed.class);
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.code()).isEqualTo("deadline_passed");
        assertThat(failed.message()).contains("REQUEST_LIMIT_EXCEEDED");

        // The next day (the limit reset), an operator retry goes through as attempt 1.
        sandbox().contentType("application/json").body(Map.of("dailyLimit", 100_000, "used", 0)).put("/sandbox/limits")
                .then().statusCode(200);
        publish(new OrderRetryRequested(order.orderId(), 1, "operator", order, Instant.now()));
        assertThat(results(order.orderId(), 2)).extracting(e -> e.payload().getClass().getSimpleName())
                .containsExactly("SalesforceSyncFailed", "SalesforceRecordsCreated");
    }

    @Test
    void eachChangeZuoraMadeIsRecordedOnceMoreSeatsAsAWonOpportunityACancellationOnTheOrdersOwn() {
        OrderPlaced order = order(TRADING_PARTNER, "ada@acme.example", List.of(line("GL-PREM-SAAS-1Y", 5)));
        publish(order);
        SalesforceRecordsCreated created = single(results(order.orderId(), 1), SalesforceRecordsCreated.class);

        ZuoraSubscriptionChanged addSeats = new ZuoraSubscriptionChanged(UUID.randomUUID(), order.orderId(),
                "updateQuantity", "A-S00000705", 2, "O-5", List.of(line("GL-PREM-SAAS-1Y", 9), line("GL-DUO-PRO-1Y", 3)),
                LocalDate.parse("2026-11-21"), LocalDate.parse("2027-11-21"), true, null, Instant.now());
        publish(addSeats);
        publish(addSeats); // redelivered under a new ce_id
        await().atMost(Duration.ofSeconds(30)).until(() -> !changeOpportunities(addSeats).isEmpty());
        pause();
        Map<String, Object> opportunity = only(changeOpportunities(addSeats));
        assertThat(opportunity.get("AccountId")).isEqualTo(created.accountId());
        assertThat(opportunity.get("Type")).isEqualTo("Add-On Business");
        assertThat(opportunity.get("StageName")).isEqualTo("Closed Won");
        assertThat(opportunity.get("Zuora_Subscription_Number__c")).isEqualTo("A-S00000705");
        assertThat(all("OpportunityLineItem").stream().filter(l -> opportunity.get("Id").equals(l.get("OpportunityId")))
                .map(l -> ((Number) l.get("Quantity")).intValue()).toList()).containsExactly(9, 3);
        // The order's own opportunity is still the only one with the order's id.
        assertThat(records("Opportunity", order.orderId())).hasSize(1);

        ZuoraSubscriptionChanged cancel = new ZuoraSubscriptionChanged(UUID.randomUUID(), order.orderId(), "cancel",
                "A-S00000705", 3, "O-6", addSeats.orderLines(), LocalDate.parse("2026-11-21"),
                LocalDate.parse("2027-11-21"), false, Instant.parse("2026-12-01T09:00:00Z"), Instant.now());
        publish(cancel);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "2027-11-21".equals(only(records("Opportunity", order.orderId())).get("Subscription_End_Date__c")));
        assertThat(only(records("Opportunity", order.orderId())).get("Cancelled_At__c"))
                .isEqualTo("2026-12-01T09:00:00Z");
        assertThat(results(order.orderId(), 1)).as("no failure reported for the changes").hasSize(1);
    }

    private static List<Map<String, Object>> changeOpportunities(ZuoraSubscriptionChanged change) {
        return all("Opportunity").stream()
                .filter(o -> change.changeId().toString().equals(o.get("Marketplace_Change_Id__c"))).toList();
    }

    private static OrderLine line(String productCode, int quantity) {
        return new OrderLine(productCode.toLowerCase(), productCode, quantity, 12, "premium", "rp", "rpc", productCode,
                productCode.startsWith("GL-DUO") ? OrderLine.ADD_ON : OrderLine.PLAN);
    }

    private static OrderPlaced order(String tradingPartner, String email, List<OrderLine> lines) {
        UUID orderId = UUID.randomUUID();
        return new OrderPlaced(orderId, "ptn-test", "PO-" + orderId, tradingPartner, "A00001234", DISTRIBUTOR,
                new Customer("Acme Corp", new Contact("Ada", "Lovelace", email, "+1 555 0100"),
                        new Address("1 Main St", null, "Springfield", "IL", "62701", "US")),
                lines, Instant.now());
    }

    private static ProducerRecord<String, byte[]> publish(MarketplaceEvent event) {
        EventSource source = event.getClass().getPackageName().endsWith("zuora") ? EventSource.ZUORA_CONNECTOR
                : EventSource.ORDER_API;
        return send(EventRecords.newRecord(source, event, Instant.now()));
    }

    private static ProducerRecord<String, byte[]> send(ProducerRecord<String, byte[]> record) {
        return TopicRecords.send(config("kafka.bootstrap.servers"), record);
    }

    private static List<ReceivedEvent> results(UUID orderId, int count) {
        return TopicRecords.await(config("kafka.bootstrap.servers"), Topics.SALESFORCE_EVENTS,
                r -> orderId.toString().equals(r.key()), count, Duration.ofSeconds(60))
                .stream().map(EventRecords::read).toList();
    }

    private static List<ReceivedEvent> deadLetters(UUID orderId) {
        return TopicRecords.await(config("kafka.bootstrap.servers"), Topics.deadLetter(Topics.ZUORA_EVENTS),
                r -> orderId.toString().equals(r.key()), 0, Duration.ofSeconds(30)).stream()
                .map(EventRecords::read).toList();
    }

    private static <T> T single(List<ReceivedEvent> events, Class<T> type) {
        assertThat(events).hasSize(1);
        assertThat(events.get(0).attributes().source()).isEqualTo(EventSource.SALESFORCE_CONNECTOR.uri());
        return type.cast(events.get(0).payload());
    }

    private static List<Map<String, Object>> records(String type, UUID orderId) {
        return all(type).stream().filter(r -> orderId.toString().equals(r.get("Marketplace_Order_Id__c"))).toList();
    }

    private static List<Map<String, Object>> all(String type) {
        return sandbox().get("/sandbox/records/" + type).then().statusCode(200).extract().jsonPath().getList("");
    }

    private static Map<String, Object> only(List<Map<String, Object>> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static io.restassured.specification.RequestSpecification sandbox() {
        return given().baseUri(config("salesforce-connector.salesforce.login-url"));
    }

    private static void pause() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
