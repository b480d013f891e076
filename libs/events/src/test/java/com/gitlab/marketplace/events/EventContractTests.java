package com.gitlab.marketplace.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.gitlab.marketplace.events.notification.LicenseNotificationFailed;
import com.gitlab.marketplace.events.notification.LicenseNotificationSent;
import com.gitlab.marketplace.events.order.Address;
import com.gitlab.marketplace.events.order.Contact;
import com.gitlab.marketplace.events.order.Customer;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.order.OrderRedriveRequested;
import com.gitlab.marketplace.events.order.OrderRetryRequested;
import com.gitlab.marketplace.events.partner.ClientUpdated;
import com.gitlab.marketplace.events.partner.PartnerDetails;
import com.gitlab.marketplace.events.partner.PartnerRegistered;
import com.gitlab.marketplace.events.partner.PartnerUpdated;
import com.gitlab.marketplace.events.partner.RateLimit;
import com.gitlab.marketplace.events.salesforce.SalesforceRecordsCreated;
import com.gitlab.marketplace.events.salesforce.SalesforceSyncFailed;
import com.gitlab.marketplace.events.zuora.ZuoraCalloutReceived;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionActivated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionStuck;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChangeFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
import com.gitlab.marketplace.events.order.SubscriptionChangeRequested;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionFailed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pins the JSON shape of every event of the contract and checks that each one survives a round trip. */
class EventContractTests {

    private static final UUID ORDER = UUID.fromString("8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10");
    private static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");

    private static final PartnerDetails PARTNER = new PartnerDetails("ptn_aws", "AWS Marketplace", "A00001234",
            "0018X00003Distrib", List.of("0018X00003TPartnr"), true, 3, new RateLimit(120, 3_000));

    private static final OrderPlaced ORDER_PLACED = new OrderPlaced(ORDER, "ptn_aws", "AWS-PO-2026-000123",
            "0018X00003TPartnr", "A00001234", "0018X00003Distrib",
            new Customer("Acme Corp", new Contact("Ada", "Lovelace", "ada@acme.example", null),
                    new Address("1 Main St", null, "Springfield", "IL", "62701", "US")),
            List.of(new OrderLine("premium-saas-1y", "GitLab Premium SaaS, 1 year", 25, 12, "premium",
                    "8a28aa0b0001", "8a28aa0b0002", "GL-PREM-SAAS-1Y", OrderLine.PLAN)),
            AT);

    private static final UUID CHANGE = UUID.fromString("5d1c2b3a-0000-4c1a-9d57-0d3a0c7e2f11");
    private static final OrderLine PLAN_LINE_40 = new OrderLine("premium-saas-1y", "GitLab Premium SaaS, 1 year", 40, 12,
            "premium", "8a28aa0b0001", "8a28aa0b0002", "GL-PREM-SAAS-1Y", OrderLine.PLAN);
    private static final String PLAN_LINE_40_JSON = """
            {"productId":"premium-saas-1y","productName":"GitLab Premium SaaS, 1 year","quantity":40,"termMonths":12,
             "licensePlan":"premium","zuoraProductRatePlanId":"8a28aa0b0001","zuoraProductRatePlanChargeId":"8a28aa0b0002",
             "salesforceProductCode":"GL-PREM-SAAS-1Y","kind":"plan"}""";

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of(new PartnerRegistered(PARTNER, AT), """
                        {"partner":{"partnerId":"ptn_aws","name":"AWS Marketplace",
                         "zuoraInvoiceOwnerAccountNumber":"A00001234","salesforceDistributorAccountId":"0018X00003Distrib",
                         "permittedTradingPartnerIds":["0018X00003TPartnr"],"enabled":true,"revision":3,
                         "rateLimit":{"ordersPerMinute":120,"readsPerMinute":3000}},
                         "occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(new PartnerUpdated(PARTNER, AT), """
                        {"partner":{"partnerId":"ptn_aws","name":"AWS Marketplace",
                         "zuoraInvoiceOwnerAccountNumber":"A00001234","salesforceDistributorAccountId":"0018X00003Distrib",
                         "permittedTradingPartnerIds":["0018X00003TPartnr"],"enabled":true,"revision":3,
                         "rateLimit":{"ordersPerMinute":120,"readsPerMinute":3000}},
                         "occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(new ClientUpdated("cli_aws_orders", "ptn_aws", false, AT), """
                        {"clientId":"cli_aws_orders","partnerId":"ptn_aws","enabled":false,
                         "occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(ORDER_PLACED, """
                        {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","partnerId":"ptn_aws",
                         "externalSubscriptionId":"AWS-PO-2026-000123","tradingPartnerId":"0018X00003TPartnr",
                         "zuoraInvoiceOwnerAccountNumber":"A00001234","salesforceDistributorAccountId":"0018X00003Distrib",
                         "customer":{"companyName":"Acme Corp",
                           "contact":{"firstName":"Ada","lastName":"Lovelace","email":"ada@acme.example"},
                           "address":{"address1":"1 Main St","city":"Springfield","state":"IL","postalCode":"62701","country":"US"}},
                         "orderLines":[{"productId":"premium-saas-1y","productName":"GitLab Premium SaaS, 1 year",
                           "quantity":25,"termMonths":12,"licensePlan":"premium","zuoraProductRatePlanId":"8a28aa0b0001",
                           "zuoraProductRatePlanChargeId":"8a28aa0b0002","salesforceProductCode":"GL-PREM-SAAS-1Y",
                           "kind":"plan"}],
                         "occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(new OrderRetryRequested(ORDER, 1, "ops@gitlab.example", ORDER_PLACED, AT), """
                        {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","attempt":1,"requestedBy":"ops@gitlab.example",
                         "order":%s,"occurredAt":"2026-11-21T10:00:00Z"}""".formatted(EventJson.serializeToString(ORDER_PLACED))),
                Arguments.of(new OrderRedriveRequested(ORDER, "ops@gitlab.example", "Zuora outage over", AT), """
                        {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","requestedBy":"ops@gitlab.example",
                         "reason":"Zuora outage over","occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(new ZuoraSubscriptionCreated(ORDER, "A-S00000031", "A00024362", "O-00000047", AT), """
                        {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","subscriptionNumber":"A-S00000031",
                         "accountNumber":"A00024362","zuoraOrderNumber":"O-00000047","occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(new ZuoraSubscriptionCreated(ORDER, "A-S00000031", "A00024362", "O-00000047", AT,
                        LocalDate.parse("2026-11-21"), LocalDate.parse("2027-11-21"), true), """
                        {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","subscriptionNumber":"A-S00000031",
                         "accountNumber":"A00024362","zuoraOrderNumber":"O-00000047","occurredAt":"2026-11-21T10:00:00Z",
                         "termStartDate":"2026-11-21","termEndDate":"2027-11-21","autoRenew":true}"""),
                Arguments.of(new SubscriptionChangeRequested(CHANGE, ORDER, "ptn_aws", "AWS-PO-2026-000123",
                        "AWS-PO-2026-000123-A1", SubscriptionChangeRequested.UPDATE_QUANTITY, "A-S00000031", "A00001234",
                        List.of(PLAN_LINE_40), AT), """
                        {"changeId":"5d1c2b3a-0000-4c1a-9d57-0d3a0c7e2f11","orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10",
                         "partnerId":"ptn_aws","externalSubscriptionId":"AWS-PO-2026-000123",
                         "externalChangeId":"AWS-PO-2026-000123-A1","action":"updateQuantity",
                         "subscriptionNumber":"A-S00000031","zuoraInvoiceOwnerAccountNumber":"A00001234",
                         "orderLines":[%s],"occurredAt":"2026-11-21T10:00:00Z"}""".formatted(PLAN_LINE_40_JSON)),
                Arguments.of(new ZuoraSubscriptionChanged(CHANGE, ORDER, SubscriptionChangeRequested.RENEW, "A-S00000031",
                        2, "O-00000048", List.of(PLAN_LINE_40), LocalDate.parse("2027-11-21"),
                        LocalDate.parse("2028-11-21"), true, null, AT), """
                        {"changeId":"5d1c2b3a-0000-4c1a-9d57-0d3a0c7e2f11","orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10",
                         "action":"renew","subscriptionNumber":"A-S00000031","version":2,"zuoraOrderNumber":"O-00000048",
                         "orderLines":[%s],"termStartDate":"2027-11-21","termEndDate":"2028-11-21","autoRenew":true,
                         "occurredAt":"2026-11-21T10:00:00Z"}""".formatted(PLAN_LINE_40_JSON)),
                Arguments.of(new ZuoraSubscriptionChangeFailed(CHANGE, ORDER, SubscriptionChangeRequested.CANCEL, false,
                        "53100030", "The subscription has been cancelled.", AT), """
                        {"changeId":"5d1c2b3a-0000-4c1a-9d57-0d3a0c7e2f11","orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10",
                         "action":"cancel","retryable":false,"code":"53100030",
                         "message":"The subscription has been cancelled.","occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(new ZuoraSubscriptionFailed(ORDER, 0, false, FailureSource.ZUORA, "53100320",
                        "Invalid rate plan", AT), """
                        {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","attempt":0,"retryable":false,"source":"zuora",
                         "code":"53100320","message":"Invalid rate plan","occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(new ZuoraCalloutReceived(ORDER, "2c92c0f9-notif", "SubscriptionCreated", "A-S00000031",
                        "A00024362", "Active", AT), """
                        {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","notificationId":"2c92c0f9-notif",
                         "event":"SubscriptionCreated","subscriptionNumber":"A-S00000031","accountNumber":"A00024362",
                         "subscriptionStatus":"Active","occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(new ZuoraSubscriptionActivated(ORDER, "A-S00000031", ZuoraSubscriptionActivated.BY_LOOKUP,
                        AT), """
                        {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","subscriptionNumber":"A-S00000031",
                         "observedBy":"lookup","occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(new ZuoraSubscriptionStuck(ORDER, 0, true, FailureSource.ZUORA, "outcome_unknown",
                        "Zuora did not answer within 30 s", AT), """
                        {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","attempt":0,"retryable":true,"source":"zuora",
                         "code":"outcome_unknown","message":"Zuora did not answer within 30 s",
                         "occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(new SalesforceRecordsCreated(ORDER, "001A", "003C", "006O", "A-S00000031", AT), """
                        {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","accountId":"001A","contactId":"003C",
                         "opportunityId":"006O","zuoraSubscriptionNumber":"A-S00000031","occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(new SalesforceSyncFailed(ORDER, 1, true, FailureSource.SALESFORCE, "REQUEST_LIMIT_EXCEEDED",
                        "Daily API limit exceeded", AT), """
                        {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","attempt":1,"retryable":true,"source":"salesforce",
                         "code":"REQUEST_LIMIT_EXCEEDED","message":"Daily API limit exceeded","occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(new LicenseNotificationSent(ORDER, "A-S00000031", "lic_42", "ada@acme.example", AT), """
                        {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","subscriptionNumber":"A-S00000031",
                         "licenseId":"lic_42","recipient":"ada@acme.example","occurredAt":"2026-11-21T10:00:00Z"}"""),
                Arguments.of(new LicenseNotificationFailed(ORDER, 0, true, FailureSource.NOTIFICATION, "smtp_unavailable",
                        "Mail server did not answer", AT), """
                        {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","attempt":0,"retryable":true,"source":"notification",
                         "code":"smtp_unavailable","message":"Mail server did not answer","occurredAt":"2026-11-21T10:00:00Z"}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void jsonShapeIsPinned(MarketplaceEvent event, String expectedJson) throws Exception {
        JsonNode actual = EventJson.mapper().readTree(EventJson.serialize(event));
        assertThat(actual).isEqualTo(EventJson.mapper().readTree(expectedJson));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void roundTripsThroughAKafkaRecord(MarketplaceEvent event, String ignored) {
        UUID id = UUID.randomUUID();
        var produced = EventRecords.record(id, EventSource.ORDER_API, event, AT);
        var consumed = new org.apache.kafka.clients.consumer.ConsumerRecord<>(produced.topic(), 0, 0L,
                produced.key(), produced.value());
        produced.headers().forEach(h -> consumed.headers().add(h));

        ReceivedEvent received = EventRecords.read(consumed);

        assertThat(received.payload()).isEqualTo(event);
        assertThat(received.type()).isEqualTo(EventType.of(event));
        assertThat(received.attributes()).isEqualTo(
                new EventAttributes(id, EventType.of(event).ceType(), "/marketplace/order-api", event.subject(), AT));
        assertThat(produced.key()).isEqualTo(event.subject());
        assertThat(new String(produced.headers().lastHeader("ce_specversion").value(), StandardCharsets.UTF_8))
                .isEqualTo("1.0");
    }

    @Test
    void everyEventTypeIsCoveredAndHasAUniqueCeType() {
        Set<Class<?>> covered = events().map(a -> a.get()[0].getClass()).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(EventType.values()).map(EventType::payloadType).toList());
        assertThat(Arrays.stream(EventType.values()).map(EventType::ceType).distinct()).hasSize(EventType.values().length);
        assertThat(EventType.ORDER_PLACED.ceType()).isEqualTo("com.gitlab.marketplace.order.placed.v1");
    }

    @Test
    void unknownFieldsAreIgnoredSoProducersCanAddFields() {
        byte[] json = """
                {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","subscriptionNumber":"A-S1","accountNumber":"A1",
                 "zuoraOrderNumber":"O-1","occurredAt":"2026-11-21T10:00:00Z","addedLater":42}"""
                .getBytes(StandardCharsets.UTF_8);
        ZuoraSubscriptionCreated read = EventJson.deserialize(EventType.ZUORA_SUBSCRIPTION_CREATED, json);
        assertThat(read.subscriptionNumber()).isEqualTo("A-S1");
    }

    @Test
    void aRecordBreakingTheContractIsReportedAsMalformed() {
        var record = new org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>(Topics.ORDER_EVENTS, 0, 0L,
                "k", "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> EventRecords.read(record))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("ce_specversion");

        var wrongTopic = EventRecords.record(UUID.randomUUID(), EventSource.ORDER_API, ORDER_PLACED, AT);
        var onZuoraTopic = new org.apache.kafka.clients.consumer.ConsumerRecord<>(Topics.ZUORA_EVENTS, 0, 0L,
                wrongTopic.key(), wrongTopic.value());
        wrongTopic.headers().forEach(h -> onZuoraTopic.headers().add(h));
        assertThatThrownBy(() -> EventRecords.read(onZuoraTopic))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("does not belong");

        var garbage = new org.apache.kafka.clients.consumer.ConsumerRecord<>(Topics.ORDER_EVENTS, 0, 0L,
                wrongTopic.key(), "not json".getBytes(StandardCharsets.UTF_8));
        wrongTopic.headers().forEach(h -> garbage.headers().add(h));
        assertThatThrownBy(() -> EventRecords.read(garbage))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("order.placed.v1");
    }

    @Test
    void aParseablePayloadWithoutARequiredFieldIsMalformed() {
        byte[] noOrderId = """
                {"subscriptionNumber":"A-S1","accountNumber":"A1","occurredAt":"2026-11-21T10:00:00Z"}"""
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventJson.deserialize(EventType.ZUORA_SUBSCRIPTION_CREATED, noOrderId))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("orderId is required");

        byte[] nullPartner = """
                {"partner":null,"occurredAt":"2026-11-21T10:00:00Z"}""".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventJson.deserialize(EventType.PARTNER_REGISTERED, nullPartner))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("partner is required");

        byte[] failureWithoutCode = """
                {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","retryable":true,"source":"zuora","message":"m"}"""
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventJson.deserialize(EventType.ZUORA_SUBSCRIPTION_FAILED, failureWithoutCode))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("code is required");
    }

    @Test
    void aPartnerEventWrittenBeforeLimitsExistedMeansTheDefaultLimitsAndALimitBelowOneIsMalformed() {
        byte[] older = """
                {"partner":{"partnerId":"ptn_aws","name":"AWS Marketplace","zuoraInvoiceOwnerAccountNumber":"A00001234",
                 "salesforceDistributorAccountId":"0018X00003Distrib","permittedTradingPartnerIds":[],"enabled":true,
                 "revision":1},"occurredAt":"2026-11-21T10:00:00Z"}""".getBytes(StandardCharsets.UTF_8);
        PartnerRegistered registered = EventJson.deserialize(EventType.PARTNER_REGISTERED, older);
        assertThat(registered.partner().rateLimit()).isEqualTo(new RateLimit(600, 6_000));

        byte[] zero = """
                {"partner":{"partnerId":"ptn_aws","permittedTradingPartnerIds":[],"enabled":true,"revision":2,
                 "rateLimit":{"ordersPerMinute":0,"readsPerMinute":6000}},"occurredAt":"2026-11-21T10:00:00Z"}"""
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventJson.deserialize(EventType.PARTNER_UPDATED, zero))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("at least 1 a minute");
    }

    @Test
    void theBasePlanIsThePlanLineWhereverItStandsAndTheFirstLineOfAnOlderEvent() {
        OrderLine addOn = new OrderLine("duo-pro-1y", "GitLab Duo Pro add-on, 1 year", 10, 12, "duo_pro", "rp2", "rpc2",
                "GL-DUO-PRO-1Y", OrderLine.ADD_ON);
        OrderLine plan = new OrderLine("ultimate-sm-1y", "GitLab Ultimate (Self-Managed), 1 year", 40, 12, "ultimate",
                "rp1", "rpc1", "GL-ULT-SM-1Y", OrderLine.PLAN);
        OrderPlaced addOnFirst = new OrderPlaced(ORDER, "ptn_aws", "PO-1", "tp", "A1", "d", ORDER_PLACED.customer(),
                List.of(addOn, plan), AT);
        assertThat(addOnFirst.basePlan()).isEqualTo(plan);
        assertThat(addOnFirst.addOns()).containsExactly(addOn);

        byte[] older = EventJson.serialize(ORDER_PLACED).clone();
        String withoutKind = new String(older, StandardCharsets.UTF_8).replace(",\"kind\":\"plan\"", "");
        assertThat(withoutKind).doesNotContain("kind");
        OrderPlaced read = EventJson.deserialize(EventType.ORDER_PLACED, withoutKind.getBytes(StandardCharsets.UTF_8));
        assertThat(read.basePlan().productId()).isEqualTo("premium-saas-1y");
    }

    @Test
    void anOrderWithoutLinesBreaksTheContract() {
        byte[] json = EventJson.serializeToString(ORDER_PLACED).replaceAll("\"orderLines\":\\[.*?\\]", "\"orderLines\":[]")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EventJson.deserialize(EventType.ORDER_PLACED, json))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("orderLines must not be empty");
    }

    @Test
    void aFailureWithoutAttemptBelongsToTheFirstTry() {
        byte[] json = """
                {"orderId":"8e0a6c1e-4bb1-4c1a-9d57-0d3a0c7e2f10","retryable":true,"source":"zuora","code":"c",
                 "message":"m"}""".getBytes(StandardCharsets.UTF_8);
        ZuoraSubscriptionFailed read = EventJson.deserialize(EventType.ZUORA_SUBSCRIPTION_FAILED, json);
        assertThat(read.attempt()).isZero();
    }

    @Test
    void deadLetterTopicsFollowTheNamingRule() {
        assertThat(Topics.deadLetter(Topics.ZUORA_EVENTS)).isEqualTo("marketplace.zuora.events.dlq");
    }
}
