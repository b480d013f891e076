package com.gitlab.marketplace.token;

import static com.gitlab.marketplace.token.TokenServiceApi.issueClient;
import static com.gitlab.marketplace.token.TokenServiceApi.operatorToken;
import static com.gitlab.marketplace.token.TokenServiceApi.registerPartner;
import static com.gitlab.marketplace.token.TokenServiceApi.requestToken;
import static com.gitlab.marketplace.token.TokenServiceApi.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.partner.ClientUpdated;
import com.gitlab.marketplace.events.partner.PartnerRegistered;
import com.gitlab.marketplace.events.partner.PartnerUpdated;
import com.gitlab.marketplace.events.partner.RateLimit;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The operator API of API.md §6 and the partner events each change publishes. */
@QuarkusTest
class OperatorApiTests {

    @Test
    void registeringAndUpdatingAPartnerPublishesOneEventEach() {
        String partnerId = registerPartner("0018X00003TPartnr");
        given().auth().oauth2(operatorToken()).contentType("application/json")
                .body(Map.of("name", "Renamed", "zuoraInvoiceOwnerAccountNumber", "A00009999",
                        "salesforceDistributorAccountId", "0018X00003Distrib",
                        "permittedTradingPartnerIds", List.of("0018X00003TPartnr", "0018X00003Second"),
                        "enabled", true, "rateLimit", Map.of("ordersPerMinute", 30)))
                .put("/admin/partners/" + partnerId)
                .then().statusCode(200).body("revision", equalTo(2)).body("name", equalTo("Renamed"))
                .body("rateLimit.ordersPerMinute", equalTo(30)).body("rateLimit.readsPerMinute", equalTo(6000));

        List<ConsumerRecord<String, byte[]>> records = PartnerEventsTopic.awaitRecords(partnerId, 2);

        assertThat(records).hasSize(2);
        ReceivedEvent registered = EventRecords.read(records.get(0));
        ReceivedEvent updated = EventRecords.read(records.get(1));
        assertThat(registered.payload()).isInstanceOfSatisfying(PartnerRegistered.class, event -> {
            assertThat(event.partner().partnerId()).isEqualTo(partnerId);
            assertThat(event.partner().revision()).isEqualTo(1);
            assertThat(event.partner().permittedTradingPartnerIds()).containsExactly("0018X00003TPartnr");
            assertThat(event.partner().rateLimit()).isEqualTo(new RateLimit(600, 6_000));
        });
        assertThat(updated.payload()).isInstanceOfSatisfying(PartnerUpdated.class, event -> {
            assertThat(event.partner().name()).isEqualTo("Renamed");
            assertThat(event.partner().zuoraInvoiceOwnerAccountNumber()).isEqualTo("A00009999");
            assertThat(event.partner().revision()).isEqualTo(2);
            assertThat(event.partner().permittedTradingPartnerIds())
                    .containsExactly("0018X00003TPartnr", "0018X00003Second");
            assertThat(event.partner().rateLimit()).isEqualTo(new RateLimit(30, 6_000));
        });
        assertThat(registered.attributes().source()).isEqualTo("/marketplace/token-service");
        assertThat(registered.attributes().subject()).isEqualTo(partnerId);
        assertThat(registered.attributes().id()).isNotEqualTo(updated.attributes().id());
    }

    @Test
    void aRejectedChangePublishesNothingAndChangesNothing() {
        String partnerId = registerPartner("0018X00003TPartnr");
        given().auth().oauth2(operatorToken()).contentType("application/json")
                .body(Map.of("name", "", "zuoraInvoiceOwnerAccountNumber", "A1",
                        "salesforceDistributorAccountId", "0018X00003Distrib", "permittedTradingPartnerIds", List.of()))
                .put("/admin/partners/" + partnerId)
                .then().statusCode(422);
        assertThat(PartnerEventsTopic.awaitRecords(partnerId, 1)).hasSize(1);
        given().auth().oauth2(operatorToken()).get("/admin/partners/" + partnerId)
                .then().statusCode(200).body("revision", equalTo(1));
    }

    @Test
    void invalidPartnerFieldsAreAllReportedByName() {
        given().auth().oauth2(operatorToken()).contentType("application/json")
                .body(Map.of("partnerId", "Bad Id!", "name", " ", "zuoraInvoiceOwnerAccountNumber", "A1",
                        "salesforceDistributorAccountId", "short", "permittedTradingPartnerIds", List.of("x"),
                        "rateLimit", Map.of("ordersPerMinute", 0, "readsPerMinute", 1_000_001)))
                .post("/admin/partners")
                .then().statusCode(422)
                .body("error", equalTo("validation_failed"))
                .body("details.field", hasItems("partnerId", "name", "salesforceDistributorAccountId",
                        "permittedTradingPartnerIds[0]", "rateLimit.ordersPerMinute", "rateLimit.readsPerMinute"));
    }

    @Test
    void malformedJsonDuplicatesAndUnknownIdsGetPreciseErrors() {
        String token = operatorToken();
        given().auth().oauth2(token).contentType("application/json").body("{\"name\": ")
                .post("/admin/partners").then().statusCode(400).body("error", equalTo("malformed_request"));
        given().auth().oauth2(token).contentType("text/plain").body("x")
                .post("/admin/partners").then().statusCode(415);
        String partnerId = registerPartner("0018X00003TPartnr");
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("partnerId", partnerId, "name", "Again", "zuoraInvoiceOwnerAccountNumber", "A1",
                        "salesforceDistributorAccountId", "0018X00003Distrib", "permittedTradingPartnerIds", List.of()))
                .post("/admin/partners").then().statusCode(409).body("error", equalTo("partner_exists"));
        given().auth().oauth2(token).get("/admin/partners/ptn-missing").then().statusCode(404)
                .body("error", equalTo("not_found"));
        given().auth().oauth2(token).post("/admin/clients/mkc_missing/disable").then().statusCode(404);
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("partnerId", "ptn-missing", "scopes", List.of("marketplace.order:read")))
                .post("/admin/clients").then().statusCode(404);
    }

    @Test
    void clientScopesMustFitTheKindOfClient() {
        String partnerId = registerPartner("0018X00003TPartnr");
        given().auth().oauth2(operatorToken()).contentType("application/json")
                .body(Map.of("partnerId", partnerId, "scopes", List.of("marketplace.admin")))
                .post("/admin/clients").then().statusCode(422).body("error", equalTo("scope_not_allowed"));
        given().auth().oauth2(operatorToken()).contentType("application/json")
                .body(Map.of("scopes", List.of("marketplace.order:create")))
                .post("/admin/clients").then().statusCode(422).body("error", equalTo("scope_not_allowed"));
    }

    @Test
    void aClientIssuedWithoutScopesGetsEveryScopeOfItsKind() {
        String partnerId = registerPartner("0018X00003TPartnr");
        io.restassured.path.json.JsonPath partnerClient = given().auth().oauth2(operatorToken())
                .contentType("application/json").body(Map.of("partnerId", partnerId))
                .post("/admin/clients").then().statusCode(201).extract().jsonPath();
        assertThat(partnerClient.getList("scopes", String.class))
                .containsExactlyInAnyOrder("marketplace.order:read", "marketplace.order:create");
        token(partnerClient.getString("clientId"), partnerClient.getString("clientSecret"),
                "marketplace.order:read marketplace.order:create");

        given().auth().oauth2(operatorToken()).contentType("application/json").body(Map.of())
                .post("/admin/clients").then().statusCode(201).body("scopes", contains("marketplace.admin"));
        given().auth().oauth2(operatorToken()).contentType("application/json")
                .body(Map.of("partnerId", partnerId, "scopes", List.of()))
                .post("/admin/clients").then().statusCode(422).body("details[0].field", equalTo("scopes"));
    }

    @Test
    void theOperatorApiNeedsAnAdminToken() {
        given().get("/admin/partners").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().auth().oauth2("not-a-token").get("/admin/partners").then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        Map<String, String> partnerClient = issueClient(registerPartner("0018X00003TPartnr"),
                List.of("marketplace.order:create"));
        String partnerToken = token(partnerClient.get("clientId"), partnerClient.get("clientSecret"),
                "marketplace.order:create");
        given().auth().oauth2(partnerToken).get("/admin/partners").then().statusCode(403)
                .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""));
    }

    @Test
    void theSecretIsShownOnceAndTheListNeverShowsIt() {
        String partnerId = registerPartner("0018X00003TPartnr");
        Map<String, String> client = issueClient(partnerId, List.of("marketplace.order:read"));
        assertThat(client.get("clientSecret")).startsWith("mkp_").hasSizeGreaterThanOrEqualTo(4 + 43);
        given().auth().oauth2(operatorToken()).get("/admin/clients?partnerId=" + partnerId)
                .then().statusCode(200)
                .body("clientId", hasItems(client.get("clientId")))
                .body(not(containsString(client.get("clientSecret"))))
                .body(not(containsString("clientSecret")));
    }

    @Test
    void aRotatedSecretReplacesTheOldOneAtOnce() {
        Map<String, String> client = issueClient(registerPartner("0018X00003TPartnr"), List.of("marketplace.order:read"));
        String clientId = client.get("clientId");
        token(clientId, client.get("clientSecret"), "marketplace.order:read");

        String rotated = given().auth().oauth2(operatorToken()).post("/admin/clients/" + clientId + "/secret")
                .then().statusCode(200).extract().path("clientSecret");

        requestToken(clientId, client.get("clientSecret"), "marketplace.order:read")
                .statusCode(401).body("error", equalTo("invalid_client"));
        token(clientId, rotated, "marketplace.order:read");
    }

    @Test
    void aDisabledClientIsRefusedAtOnceAndCanBeEnabledAgain() {
        String partnerId = registerPartner("0018X00003TPartnr");
        Map<String, String> client = issueClient(partnerId, List.of("marketplace.order:read"));
        String clientId = client.get("clientId");
        String secret = client.get("clientSecret");
        token(clientId, secret, "marketplace.order:read");

        given().auth().oauth2(operatorToken()).post("/admin/clients/" + clientId + "/disable")
                .then().statusCode(200).body("enabled", equalTo(false));
        requestToken(clientId, secret, "marketplace.order:read").statusCode(401).body("error", equalTo("invalid_client"));

        given().auth().oauth2(operatorToken()).post("/admin/clients/" + clientId + "/enable")
                .then().statusCode(200).body("enabled", equalTo(true));
        token(clientId, secret, "marketplace.order:read");

        // Each change is published, so services that verify the client's tokens themselves follow it.
        List<ConsumerRecord<String, byte[]>> records = PartnerEventsTopic.awaitRecords(clientId, 2);
        assertThat(records.stream().map(record -> (ClientUpdated) EventRecords.read(record).payload()))
                .extracting(ClientUpdated::enabled, ClientUpdated::partnerId)
                .containsExactly(tuple(false, partnerId), tuple(true, partnerId));
    }

    @Test
    void aDisabledOperatorClientsTokenLosesItsPowerAtOnceNotAtItsExpiry() {
        Map<String, String> operator = issueClient(null, List.of("marketplace.admin"));
        String operatorToken = token(operator.get("clientId"), operator.get("clientSecret"), "marketplace.admin");
        given().auth().oauth2(operatorToken).get("/admin/partners").then().statusCode(200);

        given().auth().oauth2(operatorToken()).post("/admin/clients/" + operator.get("clientId") + "/disable")
                .then().statusCode(200);
        // The token is still unexpired and well signed; it can no longer mint clients or read partners.
        given().auth().oauth2(operatorToken).contentType("application/json").body(Map.of("scopes",
                List.of("marketplace.admin"))).post("/admin/clients")
                .then().statusCode(401).body("error", equalTo("invalid_token"))
                .header("WWW-Authenticate", containsString("invalid_token"));
        given().auth().oauth2(operatorToken).get("/admin/partners").then().statusCode(401);

        given().auth().oauth2(operatorToken()).post("/admin/clients/" + operator.get("clientId") + "/enable")
                .then().statusCode(200);
        given().auth().oauth2(operatorToken).get("/admin/partners").then().statusCode(200);
    }

    @Test
    void aDisabledPartnerGetsNoTokensUntilEnabledAgain() {
        String partnerId = registerPartner("0018X00003TPartnr");
        Map<String, String> client = issueClient(partnerId, List.of("marketplace.order:read"));
        token(client.get("clientId"), client.get("clientSecret"), "marketplace.order:read");

        setPartnerEnabled(partnerId, false);
        requestToken(client.get("clientId"), client.get("clientSecret"), "marketplace.order:read")
                .statusCode(401).body("error", equalTo("invalid_client"));

        setPartnerEnabled(partnerId, true);
        token(client.get("clientId"), client.get("clientSecret"), "marketplace.order:read");
    }

    private static void setPartnerEnabled(String partnerId, boolean enabled) {
        given().auth().oauth2(operatorToken()).contentType("application/json")
                .body(Map.of("name", "Partner " + partnerId, "zuoraInvoiceOwnerAccountNumber", "A00001234",
                        "salesforceDistributorAccountId", "0018X00003Distrib",
                        "permittedTradingPartnerIds", List.of("0018X00003TPartnr"), "enabled", enabled))
                .put("/admin/partners/" + partnerId)
                .then().statusCode(200).body("enabled", equalTo(enabled));
    }

    @Test
    void aClientDisabledDirectlyInTheDatabaseIsRefusedAtOnceThroughNotify() throws Exception {
        // Another replica's change reaches this one only through PostgreSQL NOTIFY: simulate it with SQL.
        Map<String, String> client = issueClient(registerPartner("0018X00003TPartnr"), List.of("marketplace.order:read"));
        String clientId = client.get("clientId");
        token(clientId, client.get("clientSecret"), "marketplace.order:read");
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        try (var connection = DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
                var update = connection.prepareStatement(
                        "UPDATE oauth_client SET enabled = false WHERE client_id = ?; ")) {
            update.setString(1, clientId);
            update.executeUpdate();
            try (var notify = connection.prepareStatement("SELECT pg_notify('oauth_client_changed', ?)")) {
                notify.setString(1, clientId);
                notify.execute();
            }
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                requestToken(clientId, client.get("clientSecret"), "marketplace.order:read")
                        .extract().statusCode() == 401);
    }
}
