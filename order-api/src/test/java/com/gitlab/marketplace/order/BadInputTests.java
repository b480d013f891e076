package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.gitlab.marketplace.infrastructure.embedded.RawRequests;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint fed wrong types, sizes and characters: never a 5xx, and a control character in any text
 * (PostgreSQL refuses NUL) is a 422 naming the field.
 */
@QuarkusTest
class BadInputTests {

    /** Every text field of the order body, as the validation errors name them. */
    private static final List<String> TEXT_FIELDS = List.of("externalSubscriptionId", "tradingPartnerId",
            "customer.companyName", "customer.contact.firstName", "customer.contact.lastName",
            "customer.contact.email", "customer.contact.phone", "customer.address.address1",
            "customer.address.address2", "customer.address.city", "customer.address.state",
            "customer.address.postalCode", "customer.address.country", "orderLines[0].productId");
    private static final List<Object> BAD_VALUES = List.of("a\u0000b", "line\nbreak", "\u007f", "\ud800",
            "x".repeat(100_000), 42, 1.5e308, true, List.of("a"), Map.of("a", "b"), "😀🚀", "' OR 1=1 --");

    private String token;
    private final List<String> serverErrors = new ArrayList<>();

    @BeforeEach
    void partner() {
        String partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        token = TestTokens.partner(partnerId, "marketplace.order:create marketplace.order:read");
    }

    @Test
    void aControlCharacterInAnyTextFieldIsA422NamingIt() {
        for (String field : TEXT_FIELDS) {
            Map<String, Object> order = body(newExternalId());
            set(order, field, "bad\u0000value");
            Response answer = place(order);
            assertThat(answer.statusCode()).as(field).isEqualTo(422);
            assertThat(answer.jsonPath().getString("error")).isEqualTo("validation_failed");
            assertThat(answer.jsonPath().getList("details.field")).as(field).contains(field);
            assertThat(answer.asString()).doesNotContain("\u0000").doesNotContain("at com.");
        }
    }

    @Test
    void directionOverridesAndLineSeparatorsAreRefusedLikeControlCharactersWhileRightToLeftTextIsFine() {
        // U+202E turns "Acme\u202Eexe.gpj" into "Acmejpg.exe" on screen; U+2028 breaks a log line.
        for (String character : List.of("\u202E", "\u202A", "\u2066", "\u2069", "\u200F", "\u061C", "\u2028",
                "\u2029")) {
            for (String field : List.of("customer.companyName", "externalSubscriptionId")) {
                Map<String, Object> order = body(newExternalId());
                set(order, field, "Acme" + character + "exe.gpj");
                Response answer = place(order);
                assertThat(answer.statusCode()).as(field + " with " + describe(character)).isEqualTo(422);
                assertThat(answer.jsonPath().getList("details.field")).as(field).contains(field);
            }
        }
        Map<String, Object> hebrew = body(newExternalId());
        set(hebrew, "customer.companyName", "חברה בע\"מ");
        assertThat(place(hebrew).statusCode()).isEqualTo(202);
    }

    @Test
    void noBodyFieldValueOrShapeCausesAServerError() {
        for (String field : TEXT_FIELDS) {
            for (Object value : BAD_VALUES) {
                Map<String, Object> order = body(newExternalId());
                set(order, field, value);
                record(field + "=" + describe(value), place(order));
            }
        }
        for (Object value : BAD_VALUES) {
            Map<String, Object> order = body(newExternalId());
            order.put("orderLines", List.of(Map.of("productId", "premium-saas-1y", "quantity", value)));
            record("quantity=" + describe(value), place(order));
            order = body(newExternalId());
            order.put("customer", value);
            record("customer=" + describe(value), place(order));
            order = body(newExternalId());
            order.put("orderLines", value);
            record("orderLines=" + describe(value), place(order));
        }
        for (String raw : List.of("", "null", "[]", "\"x\"", "{", "{\"a\":\u0000}", "{\"externalSubscriptionId\":\"\\u0000\"}")) {
            record("raw " + raw, given().auth().oauth2(token).contentType("application/json")
                    .body(raw.getBytes(StandardCharsets.UTF_8)).post("/api/v1/marketplace/subscriptions"));
        }
        record("invalid UTF-8", given().auth().oauth2(token).contentType("application/json")
                .body(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'})
                .post("/api/v1/marketplace/subscriptions"));
        assertThat(serverErrors).isEmpty();
    }

    @Test
    void noPathParameterCausesAServerError() {
        for (String id : List.of("a%00b", "%0a", "%7f", "%ED%A0%80", "x".repeat(5000), "..%2f..%2fetc", "%25", "'")) {
            Response answer = given().auth().oauth2(token).urlEncodingEnabled(false)
                    .get("/api/v1/marketplace/subscriptions/" + id);
            record("GET " + id, answer);
            assertThat(answer.statusCode()).as(id).isIn(404, 414, 422, 431, 400);
            record("retry " + id, given().auth().oauth2(TestTokens.operator()).urlEncodingEnabled(false)
                    .post("/admin/orders/" + id + "/retry"));
            record("product " + id, given().auth().oauth2(TestTokens.operator()).urlEncodingEnabled(false)
                    .contentType("application/json").body(product("x")).put("/admin/products/" + id));
        }
        Response nul = given().auth().oauth2(token).urlEncodingEnabled(false).get("/api/v1/marketplace/subscriptions/a%00b");
        assertThat(nul.statusCode()).isEqualTo(422);
        assertThat(nul.jsonPath().getString("details[0].field")).isEqualTo("externalSubscriptionId");
        assertThat(serverErrors).isEmpty();
    }

    @Test
    void aPathThatWouldResolveToAnotherResourceIsNotFound() throws IOException {
        // What these resolve to exists: 200 when asked for by its own name.
        assertThat(rawStatus("/q/metrics")).isEqualTo(200);
        for (String path : List.of("/api/v1/marketplace/subscriptions/../../../../q/metrics",
                "/api/v1/marketplace/%2e%2e/%2e%2e/%2e%2e/q/metrics", "/api/v1/marketplace/.%2E/.%2E/.%2E/q/metrics",
                "/api/v1/marketplace/subscriptions/..%2f..%2f..%2f..%2fq/metrics", "/q/./metrics",
                "/openapi/../q/openapi-operator")) {
            assertThat(rawStatus(path)).as(path).isEqualTo(404);
        }
    }

    @Test
    void noProductFieldCausesAServerError() {
        for (String field : List.of("name", "kind", "licensePlan", "zuoraProductRatePlanId",
                "zuoraProductRatePlanChargeId", "salesforceProductCode", "termMonths", "active")) {
            for (Object value : BAD_VALUES) {
                Map<String, Object> product = product("fuzz");
                product.put(field, value);
                record("product." + field + "=" + describe(value), given().auth().oauth2(TestTokens.operator())
                        .contentType("application/json").body(product).put("/admin/products/fuzz-product"));
            }
        }
        assertThat(serverErrors).isEmpty();
    }

    /** The request line exactly as given: an HTTP client would resolve the dot segments before sending. */
    private static int rawStatus(String path) throws IOException {
        return RawRequests.get("localhost", RestAssured.port, path);
    }

    private Response place(Map<String, Object> order) {
        return given().auth().oauth2(token).header("Prefer", "respond-async").contentType("application/json")
                .body(order).post("/api/v1/marketplace/subscriptions");
    }

    private void record(String what, Response answer) {
        if (answer.statusCode() >= 500) {
            serverErrors.add(what + " -> " + answer.statusCode() + " " + answer.asString());
        }
    }

    private static Map<String, Object> product(String name) {
        return new HashMap<>(Map.of("name", name, "kind", "plan", "licensePlan", "ultimate", "termMonths", 12,
                "zuoraProductRatePlanId", "8a28aa0b0000000000000000000000ff",
                "zuoraProductRatePlanChargeId", "8a28aa0b0000000000000000000000fe", "salesforceProductCode", "GL-FUZZ",
                "active", false));
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> order, String path, Object value) {
        Map<String, Object> target = order;
        String[] parts = path.replace("[0]", "").split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = target.get(parts[i]);
            target = next instanceof List<?> list ? (Map<String, Object>) list.get(0) : (Map<String, Object>) next;
        }
        target.put(parts[parts.length - 1], value);
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return text.length() > 20 ? text.substring(0, 20) + "…(" + text.length() + ")" : text;
    }
}
