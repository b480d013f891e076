package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.get;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static com.gitlab.marketplace.order.Orders.placeAsync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * OWASP API Security Top 10 (2023) checks over every order-api endpoint, as far as a test can show them: object-
 * and function-level authorization (API1, API5) with every kind of caller, and properties a caller may not set
 * (API3). Resource limits (API4) are in BadInputTests and PartnerRateLimitTests; the partner host's inventory
 * (API9) in deploy/local's GatewayTests; the rest is the README's "Security" section.
 */
@QuarkusTest
class AccessControlTests {

    private static final String SUBSCRIPTIONS = "/api/v1/marketplace/subscriptions";

    /** One request; its body is valid, so that a refusal can only come from who calls. */
    private record Call(String method, String path, Object body) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @Test
    void everyEndpointAnswersEachKindOfCallerAsItsTokenAllowsAndNoMore() {
        String partnerId = Platform.registerPartner();
        String otherPartnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        Platform.awaitReplicated(otherPartnerId);
        String creator = TestTokens.partner(partnerId, "marketplace.order:create");
        String externalId = newExternalId();
        String orderId = placeAsync(creator, body(externalId)).statusCode(202).extract().path("id");

        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("no token", null);
        callers.put("expired", TestTokens.expired(partnerId));
        callers.put("unsigned", TestTokens.partnerUnsigned(partnerId));
        callers.put("foreign key", TestTokens.partnerSignedByAForeignKey(partnerId));
        callers.put("partner read", TestTokens.partner(partnerId, "marketplace.order:read"));
        callers.put("partner create", creator);
        callers.put("other partner", TestTokens.partner(otherPartnerId, "marketplace.order:create"));
        callers.put("operator", TestTokens.operator());

        Map<String, Object> product = Map.of("name", "Access test plan", "kind", "plan", "licensePlan", "premium",
                "termMonths", 12, "zuoraProductRatePlanId", "8a28aa0b0000000000000000000000cc",
                "zuoraProductRatePlanChargeId", "8a28aa0b0000000000000000000000cd", "salesforceProductCode", "GL-ACC");
        Map<Call, Map<String, Integer>> expected = new LinkedHashMap<>();
        // The partner API: its own orders only (another partner's is 404, as if it did not exist); no operator.
        expected.put(new Call("POST", SUBSCRIPTIONS, null), partner(403, 202, 202));
        expected.put(new Call("GET", SUBSCRIPTIONS + "/" + externalId, null), partner(200, 200, 404));
        // The operator API: operators only, whatever the partner token's scope.
        expected.put(new Call("GET", "/admin/orders", null), operator(200));
        expected.put(new Call("GET", "/admin/orders/" + orderId, null), operator(200));
        expected.put(new Call("POST", "/admin/orders/" + orderId + "/redrive", Map.of("reason", "access test")),
                operator(202));
        expected.put(new Call("POST", "/admin/orders/" + orderId + "/retry", null), operator(409));
        expected.put(new Call("GET", "/admin/dead-letters", null), operator(200));
        expected.put(new Call("POST", "/admin/dead-letters/replay", Map.of("ids",
                List.of("marketplace.order.events.dlq:0:999999999"), "reason", "access test")), operator(404));
        expected.put(new Call("GET", "/admin/products", null), operator(200));
        expected.put(new Call("PUT", "/admin/products/access-test-plan", product), operator(200));

        List<String> wrong = new ArrayList<>();
        expected.forEach((call, byCaller) -> callers.forEach((caller, token) -> {
            Object body = call.path().equals(SUBSCRIPTIONS) ? body(newExternalId()) : call.body();
            int status = request(token, body).request(call.method(), call.path()).statusCode();
            if (status != byCaller.get(caller)) {
                wrong.add(call + " by " + caller + ": " + status + ", expected " + byCaller.get(caller));
            }
        }));
        assertThat(wrong).isEmpty();
    }

    @Test
    void fieldsOnlyThePlatformSetsAreIgnoredInAnOrderBody() {
        String partnerId = Platform.registerPartner();
        String otherPartnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        Platform.awaitReplicated(otherPartnerId);
        String token = TestTokens.partner(partnerId, "marketplace.order:create");
        String externalId = newExternalId();
        Map<String, Object> order = body(externalId);
        String chosenId = UUID.randomUUID().toString();
        order.putAll(Map.of("id", chosenId, "partnerId", otherPartnerId, "status", "Provisioned",
                "subscriptionNumber", "A-S99999999", "createdAt", "2020-01-01T00:00:00Z", "errors", List.of()));

        String orderId = placeAsync(token, order).statusCode(202).body("status", equalTo("Creating"))
                .body("subscriptionNumber", nullValue()).body("id", not(equalTo(chosenId))).extract().path("id");
        // The order is the caller's, whatever the body said.
        get(TestTokens.partner(otherPartnerId, "marketplace.order:read"), externalId).statusCode(404);
        given().auth().oauth2(TestTokens.operator()).get("/admin/orders/{id}", orderId).then().statusCode(200)
                .body("order.partnerId", equalTo(partnerId)).body("order.status", equalTo("Creating"));
    }

    /** Status by caller for a partner endpoint: each invalid token 401, the operator 403 (not a partner). */
    private static Map<String, Integer> partner(int read, int create, int otherPartner) {
        return byCaller(read, create, otherPartner, 403);
    }

    /** Status by caller for an operator endpoint: each invalid token 401, every partner token 403. */
    private static Map<String, Integer> operator(int operator) {
        return byCaller(403, 403, 403, operator);
    }

    private static Map<String, Integer> byCaller(int partnerRead, int partnerCreate, int otherPartner, int operator) {
        return Map.of("no token", 401, "expired", 401, "unsigned", 401, "foreign key", 401,
                "partner read", partnerRead, "partner create", partnerCreate, "other partner", otherPartner,
                "operator", operator);
    }

    private static RequestSpecification request(String token, Object body) {
        RequestSpecification request = given();
        if (token != null) {
            request.auth().oauth2(token);
        }
        if (body != null) {
            request.contentType("application/json").body(body);
        }
        return request;
    }
}
