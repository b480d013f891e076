package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.get;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static com.gitlab.marketplace.order.Orders.placeAsync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import com.gitlab.marketplace.order.status.OrderStatus;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The partner API contract of API.md §2, over real PostgreSQL and Kafka. */
@QuarkusTest
class SubscriptionApiTests {

    private String partnerId;
    private String token;

    @BeforeEach
    void partner() {
        partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        token = TestTokens.partner(partnerId, "marketplace.order:create");
    }

    @Test
    void anAcceptedOrderIsCreatingAndPublishedExactlyOnceAsOrderPlaced() {
        String externalId = newExternalId();
        String orderId = placeAsync(token, body(externalId))
                .statusCode(202)
                .header("Location", equalTo("/api/v1/marketplace/subscriptions/" + externalId))
                .body("externalSubscriptionId", equalTo(externalId))
                .body("status", equalTo("Creating"))
                .body("subscriptionNumber", nullValue())
                .body("createdAt", notNullValue())
                .extract().path("id");

        get(token, externalId).statusCode(200)
                .body("status", equalTo("Creating"))
                .body("errors.size()", equalTo(0));

        List<ConsumerRecord<String, byte[]>> records = Platform.awaitRecords(Topics.ORDER_EVENTS,
                r -> orderId.equals(r.key()), 1);
        assertThat(records).hasSize(1);
        ReceivedEvent event = EventRecords.read(records.get(0));
        assertThat(event.attributes().source()).isEqualTo("/marketplace/order-api");
        assertThat(event.attributes().subject()).isEqualTo(orderId);
        assertThat(event.payload()).isInstanceOfSatisfying(OrderPlaced.class, placed -> {
            assertThat(placed.partnerId()).isEqualTo(partnerId);
            assertThat(placed.externalSubscriptionId()).isEqualTo(externalId);
            assertThat(placed.zuoraInvoiceOwnerAccountNumber()).isEqualTo("A00001234");
            assertThat(placed.salesforceDistributorAccountId()).isEqualTo("0018X00003Distrib");
            assertThat(placed.customer().contact().email()).isEqualTo("ada@acme.example");
            assertThat(placed.orderLines()).singleElement().satisfies(line -> {
                assertThat(line.productId()).isEqualTo("premium-saas-1y");
                assertThat(line.quantity()).isEqualTo(25);
                assertThat(line.zuoraProductRatePlanId()).isNotBlank();
                assertThat(line.salesforceProductCode()).isEqualTo("GL-PREM-SAAS-1Y");
                assertThat(line.licensePlan()).isEqualTo("premium");
            });
        });
    }

    @Test
    void theSameBodyAgainReturnsTheExistingOrderAndADifferentBodyIsAConflict() {
        String externalId = newExternalId();
        String id = placeAsync(token, body(externalId)).statusCode(202).extract().path("id");

        placeAsync(token, body(externalId)).statusCode(200).body("id", equalTo(id));

        Map<String, Object> changed = body(externalId);
        changed.put("tradingPartnerId", Platform.TRADING_PARTNER);
        ((Map<String, Object>) ((List<?>) changed.get("orderLines")).get(0)).put("quantity", 26);
        placeAsync(token, changed).statusCode(409)
                .body("error", equalTo("duplicate_external_subscription_id"))
                .body("message", containsString(externalId));
    }

    @Test
    void aReplayDiffersOnlyInFormattingAndUnknownFieldsIsTheSameOrder() {
        String externalId = newExternalId();
        String id = placeAsync(token, body(externalId)).statusCode(202).extract().path("id");
        Map<String, Object> same = body(externalId);
        same.put("somethingNew", "ignored");
        ((Map<String, Object>) ((List<?>) same.get("orderLines")).get(0)).put("quantity", 25.0);
        placeAsync(token, same).statusCode(200).body("id", equalTo(id));
    }

    @Test
    void anotherPartnersOrderDoesNotExistForYou() {
        String externalId = newExternalId();
        placeAsync(token, body(externalId)).statusCode(202);
        String otherPartner = Platform.registerPartner();
        Platform.awaitReplicated(otherPartner);
        String otherToken = TestTokens.partner(otherPartner, "marketplace.order:read");

        get(otherToken, externalId).statusCode(404).body("error", equalTo("not_found"));
        get(token, "PO-never-placed").statusCode(404).body("error", equalTo("not_found"));
    }

    @Test
    void everyInvalidFieldIsReportedTogether() {
        Map<String, Object> body = body("x".repeat(101));
        Map<String, Object> customer = (Map<String, Object>) body.get("customer");
        customer.remove("companyName");
        ((Map<String, Object>) customer.get("contact")).put("email", "not-an-email");
        ((Map<String, Object>) customer.get("contact")).remove("lastName");
        ((Map<String, Object>) customer.get("address")).put("country", "XX");
        body.put("orderLines", List.of(
                Map.of("productId", "premium-saas-1y", "quantity", 0),
                Map.of("productId", "no-such-product", "quantity", 5),
                Map.of("productId", "premium-saas-1y", "quantity", 2.5),
                Map.of("quantity", 1)));

        placeAsync(token, body).statusCode(422)
                .body("error", equalTo("validation_failed"))
                .body("details.field", hasItems("externalSubscriptionId", "customer.companyName",
                        "customer.contact.email", "customer.contact.lastName", "customer.address.country",
                        "orderLines[0].quantity", "orderLines[1].productId", "orderLines[2].productId",
                        "orderLines[2].quantity", "orderLines[3].productId"))
                .body("details.find { it.field == 'orderLines[1].productId' }.message",
                        equalTo("unknown product 'no-such-product'"));
    }

    @Test
    void missingAndTooManyLinesAndMissingSectionsAreValidationErrors() {
        Map<String, Object> body = body(newExternalId());
        body.remove("customer");
        body.remove("tradingPartnerId");
        body.put("orderLines", List.of());
        placeAsync(token, body).statusCode(422)
                .body("details.field", hasItems("customer", "tradingPartnerId", "orderLines"));

        Map<String, Object> tooMany = body(newExternalId());
        tooMany.put("orderLines", IntStream.range(0, 21)
                .mapToObj(i -> Map.of("productId", "premium-saas-1y", "quantity", 1)).toList());
        placeAsync(token, tooMany).statusCode(422).body("details.field", hasItems("orderLines"));

        Map<String, Object> alpha3 = body(newExternalId());
        ((Map<String, Object>) ((Map<String, Object>) alpha3.get("customer")).get("address")).put("country", "USA");
        placeAsync(token, alpha3).statusCode(202);
    }

    @Test
    void anOrderNeedsExactlyOneBasePlanWhichItsAddOnsRideOn() {
        Map<String, Object> addOnOnly = body(newExternalId());
        addOnOnly.put("orderLines", List.of(Map.of("productId", "duo-pro-1y", "quantity", 10)));
        placeAsync(token, addOnOnly).statusCode(422).body("error", equalTo("validation_failed"))
                .body("details.field", hasItems("orderLines"))
                .body("details.find { it.field == 'orderLines' }.message", containsString("exactly one base plan"));

        Map<String, Object> twoPlans = body(newExternalId());
        twoPlans.put("orderLines", List.of(Map.of("productId", "premium-saas-1y", "quantity", 10),
                Map.of("productId", "ultimate-saas-1y", "quantity", 5)));
        placeAsync(token, twoPlans).statusCode(422)
                .body("details.find { it.field == 'orderLines' }.message", containsString("ultimate-saas-1y"));

        Map<String, Object> addOnFirst = body(newExternalId());
        addOnFirst.put("orderLines", List.of(Map.of("productId", "duo-pro-1y", "quantity", 10),
                Map.of("productId", "premium-sm-3y", "quantity", 10)));
        placeAsync(token, addOnFirst).statusCode(202);
    }

    @Test
    void aTradingPartnerNotOnThePermittedListIsRefused() {
        Map<String, Object> body = body(newExternalId());
        body.put("tradingPartnerId", "0018X00003Unknown");
        placeAsync(token, body).statusCode(422)
                .body("error", equalTo("trading_partner_not_permitted"))
                .body("message", containsString("0018X00003Unknown"));
    }

    @Test
    void malformedBodiesGetPreciseStatuses() {
        given().auth().oauth2(token).contentType("application/json").body("{\"externalSubscriptionId\": ")
                .post("/api/v1/marketplace/subscriptions").then().statusCode(400)
                .body("error", equalTo("malformed_request"));
        given().auth().oauth2(token).contentType("text/plain").body("hello")
                .post("/api/v1/marketplace/subscriptions").then().statusCode(415);
        // A value of the wrong type names its field and the type it needs.
        Map<String, Object> wrongType = body(newExternalId());
        wrongType.put("orderLines", "premium-saas-1y");
        placeAsync(token, wrongType).statusCode(422).body("error", equalTo("validation_failed"))
                .body("details[0].field", equalTo("orderLines")).body("details[0].message", equalTo("must be an array"));
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"note\":\"" + "x".repeat(70 * 1024) + "\"}")
                .post("/api/v1/marketplace/subscriptions").then().statusCode(413)
                .contentType("application/json")
                .body("error", equalTo("payload_too_large"))
                .body("message", containsString("65536 bytes"));
    }

    @Test
    void tokensAndScopesAreCheckedAsRfc6750Says() {
        given().contentType("application/json").body(body(newExternalId()))
                .post("/api/v1/marketplace/subscriptions").then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        given().auth().oauth2("not.a.token").get("/api/v1/marketplace/subscriptions/x").then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("error", equalTo("invalid_token"));
        given().auth().oauth2(TestTokens.expired(partnerId)).get("/api/v1/marketplace/subscriptions/x").then()
                .statusCode(401);

        String readOnly = TestTokens.partner(partnerId, "marketplace.order:read");
        placeAsync(readOnly, body(newExternalId())).statusCode(403)
                .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""))
                .body("error", equalTo("insufficient_scope"));

        String externalId = newExternalId();
        placeAsync(token, body(externalId)).statusCode(202);
        get(readOnly, externalId).statusCode(200);

        placeAsync(TestTokens.operator(), body(newExternalId())).statusCode(403);
    }

    @Test
    void tokensFromAnotherIssuerOrAudienceUnsignedOrSignedByAForeignKeyAreRefused() {
        // The control: the same construction, unchanged, is accepted (404: no such order, but authenticated).
        get(TestTokens.partnerWith(partnerId, claims -> { }), "x").statusCode(404);

        for (String refused : List.of(
                TestTokens.partnerWith(partnerId, claims -> claims.setIssuer("https://evil.example")),
                TestTokens.partnerWith(partnerId, claims -> claims.setAudience("another-api")),
                TestTokens.partnerUnsigned(partnerId),
                TestTokens.partnerSignedByAForeignKey(partnerId))) {
            get(refused, "x").statusCode(401)
                    .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        }
    }

    @Test
    void concurrentPostsOfTheSameOrderCreateItOnce() throws Exception {
        String externalId = newExternalId();
        Map<String, Object> order = body(externalId);
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<io.restassured.response.ExtractableResponse<?>>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return placeAsync(token, order).extract();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (var answer : answers) {
            statuses.add(answer.get().statusCode());
            ids.add(answer.get().path("id"));
        }
        pool.shutdown();

        assertThat(statuses).containsOnly(202, 200).containsOnlyOnce(202);
        assertThat(ids).hasSize(1);
        List<ConsumerRecord<String, byte[]>> placed = Platform.awaitRecords(Topics.ORDER_EVENTS,
                r -> ids.contains(r.key()), 1);
        assertThat(placed).hasSize(1);
    }

    @Test
    void theApiDocumentAndTheInteractiveUiAreServed() {
        given().get("/openapi").then().statusCode(200)
                .body(containsString("/api/v1/marketplace/subscriptions"))
                .body(containsString("/oauth/token"))
                .body(containsString("duplicate_external_subscription_id"));
        given().get("/openapi_docs/marketplace/").then().statusCode(200).contentType(containsString("text/html"));
        // The earlier path still works, for good.
        given().redirects().follow(false).get("/openapi-docs").then().statusCode(301)
                .header("Location", "/openapi_docs/marketplace/");
        given().redirects().follow(false).get("/openapi-docs/index.html").then().statusCode(301);
    }

    @Test
    void thePartnerDocumentHoldsThePartnerApiOnlyWithARelativeServerAndPortablePatterns() {
        var document = given().queryParam("format", "json").get("/openapi").then().statusCode(200).extract()
                .jsonPath();
        Map<String, Object> paths = document.getMap("paths");
        assertThat(paths.keySet()).containsExactlyInAnyOrder("/oauth/token", "/api/v1/marketplace/subscriptions",
                "/api/v1/marketplace/subscriptions/{externalSubscriptionId}",
                "/api/v1/marketplace/subscriptions/{externalSubscriptionId}/changes",
                "/api/v1/marketplace/subscriptions/{externalSubscriptionId}/changes/{externalChangeId}",
                "/api/v1/marketplace/webhook", "/api/v1/marketplace/webhook/rotate-secret",
                "/api/v1/marketplace/webhook/test", "/api/v1/marketplace/webhook/deliveries",
                "/api/v1/marketplace/webhook/deliveries/{id}/redeliver");
        // Relative: the host that served the document (the partner host) is the one to call.
        assertThat(document.getList("servers.url")).containsExactly("/");
        assertThat(document.getMap("components.securitySchemes").keySet()).containsExactly("partnerToken");
        // JavaScript validators (ajv, Redocly) read the pattern too: anchored, no Java-only classes, and the
        // document's own example matches it.
        String pattern = document.getString("components.schemas.SubscriptionRequest.properties"
                + ".externalSubscriptionId.pattern");
        assertThat(pattern).startsWith("^").endsWith("$").doesNotContain("\\p{");
        String example = document.getString("paths.'/api/v1/marketplace/subscriptions'.post.requestBody.content"
                + ".'application/json'.examples.order.value.externalSubscriptionId");
        assertThat(example).matches(pattern);
    }

    @Test
    void thePartnerGuidesDeepLinksNameTheTagAndTheOperations() {
        // The guide links /openapi_docs/marketplace#/marketplace/<operation id>: Swagger UI's #/<tag>/<operationId>.
        var document = given().queryParam("format", "json").get("/openapi").then().statusCode(200).extract()
                .jsonPath();
        assertThat(document.getString("paths.'/oauth/token'.post.operationId")).isEqualTo("post_oauth_token");
        assertThat(document.getList("paths.'/oauth/token'.post.tags")).containsExactly("marketplace");
        assertThat(document.getString("paths.'/api/v1/marketplace/subscriptions'.post.operationId"))
                .isEqualTo("post_api_v1_marketplace_subscriptions");
        assertThat(document.getList("paths.'/api/v1/marketplace/subscriptions'.post.tags"))
                .containsExactly("marketplace");
        assertThat(document.getString(
                "paths.'/api/v1/marketplace/subscriptions/{externalSubscriptionId}'.get.operationId"))
                .isEqualTo("get_api_v1_marketplace_subscriptions__external_subscription_id_");
        assertThat(document.getList("paths.'/api/v1/marketplace/subscriptions/{externalSubscriptionId}'.get.tags"))
                .containsExactly("marketplace");
    }

    @Test
    void everyPartnerResponseHasASchemaAndEveryErrorTheErrorBody() {
        var document = given().queryParam("format", "json").get("/openapi").then().statusCode(200).extract()
                .jsonPath();
        // No operator type leaks into the partners' document.
        assertThat(document.getMap("components.schemas").keySet()).doesNotContain("Product", "ProductRequest")
                .contains("ApiError", "FieldError", "Subscription", "SubscriptionRequest");
        assertThat(document.getList("components.schemas.Subscription.properties.status.enum"))
                .containsExactly(Arrays.stream(OrderStatus.values()).map(Enum::name).toArray());
        assertThat(document.getString("components.schemas.OrderLine.properties.quantity.type")).isEqualTo("integer");
        for (String operation : List.of("'/api/v1/marketplace/subscriptions'.post",
                "'/api/v1/marketplace/subscriptions/{externalSubscriptionId}'.get")) {
            Map<String, Map<String, Object>> responses = document.getMap("paths." + operation + ".responses");
            responses.forEach((status, response) -> {
                String described = response.containsKey("$ref")
                        ? "components.responses." + ((String) response.get("$ref")).replace("#/components/responses/", "")
                        : "paths." + operation + ".responses.'" + status + "'";
                assertThat(document.getMap(described + ".content.'application/json'.schema"))
                        .as("%s %s has a JSON schema", operation, status).isNotEmpty();
                if (status.startsWith("4")) {
                    assertThat(document.getString(described + ".content.'application/json'.schema.$ref"))
                            .as("%s %s is the error body", operation, status).endsWith("/ApiError");
                }
            });
        }
        assertThat(document.getString("paths.'/api/v1/marketplace/subscriptions'.post.responses.'202'.headers"
                + ".Location.$ref")).isEqualTo("#/components/headers/Location");
    }

    @Test
    void theOperatorApiHasItsOwnDocumentWithTheOperatorScheme() {
        var document = given().queryParam("format", "json").get("/q/openapi-operator").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        assertThat(paths.keySet()).containsExactlyInAnyOrder("/admin/orders", "/admin/orders/{orderId}",
                "/admin/orders/{orderId}/redrive", "/admin/orders/{orderId}/retry",
                // order-api's own steps (webhook deliveries), as every service with steps shows them
                "/admin/orders/{orderId}/steps", "/admin/products",
                "/admin/products/{productId}", "/admin/dead-letters", "/admin/dead-letters/replay");
        assertThat(document.getMap("components.securitySchemes").keySet()).containsExactly("operatorToken");
        assertThat(document.getList("paths.'/admin/orders/{orderId}/retry'.post.security.operatorToken"))
                .isNotNull();
        assertThat(document.getString("paths.'/admin/products'.get.responses.'403'.description"))
                .contains("marketplace.admin");
        assertThat(document.getMap("components.schemas").keySet()).doesNotContain("SubscriptionRequest");
        assertThat(document.getString("components.schemas.OperatorOrder.properties.waitingFor.type"))
                .isEqualTo("array");
        assertThat(document.getString("components.schemas.OperatorOrder.properties.waitingFor.items.$ref"))
                .isEqualTo("#/components/schemas/PendingStep");
        assertThat(document.getList("components.schemas.PendingStep.enum"))
                .containsExactly("zuora", "salesforce", "notification");
    }
}
