package com.gitlab.marketplace.token;

import static com.gitlab.marketplace.token.TokenServiceApi.fromOwnSource;
import static com.gitlab.marketplace.token.TokenServiceApi.operatorToken;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint fed wrong types, sizes and characters: never a 5xx, and a control character (PostgreSQL
 * refuses NUL) is a 4xx naming the field or parameter.
 */
@QuarkusTest
class BadInputTests {

    private static final List<Object> BAD_VALUES = List.of("a\u0000b", "line\nbreak", "\u007f", "\ud800",
            "x".repeat(70_000), 42, 1.5e308, true, List.of("a"), Map.of("a", "b"), "😀", "' OR 1=1 --");
    private static final List<String> BAD_IDS = List.of("a%00b", "%0a", "%7f", "%ED%A0%80", "x".repeat(5000),
            "..%2f..%2fetc", "%25", "'");

    private final List<String> serverErrors = new ArrayList<>();
    private String operator;

    @BeforeEach
    void token() {
        operator = operatorToken();
    }

    @Test
    void theTokenEndpointRefusesControlCharactersAsAnInvalidRequestNamingTheParameter() {
        for (String parameter : List.of("grant_type", "client_id", "client_secret", "scope")) {
            Map<String, String> form = new HashMap<>(Map.of("grant_type", "client_credentials", "client_id", "mkc_x",
                    "client_secret", "s", "scope", "marketplace.order:read"));
            form.put(parameter, "bad\u0000value");
            Response answer = fromOwnSource().contentType("application/x-www-form-urlencoded").formParams(form)
                    .post("/oauth/token");
            assertThat(answer.statusCode()).as(parameter).isEqualTo(400);
            assertThat(answer.jsonPath().getString("error")).isEqualTo("invalid_request");
            assertThat(answer.jsonPath().getString("error_description")).contains(parameter);
        }
    }

    @Test
    void noTokenRequestCausesAServerError() {
        for (String parameter : List.of("grant_type", "client_id", "client_secret", "scope")) {
            for (Object value : BAD_VALUES) {
                Map<String, Object> json = new HashMap<>(Map.of("grant_type", "client_credentials",
                        "client_id", "mkc_x", "client_secret", "s", "scope", "marketplace.order:read"));
                json.put(parameter, value);
                record("json " + parameter + "=" + describe(value), fromOwnSource().contentType("application/json")
                        .body(json).post("/oauth/token"));
                record("form " + parameter + "=" + describe(value), fromOwnSource()
                        .contentType("application/x-www-form-urlencoded")
                        .formParam(parameter, String.valueOf(value)).post("/oauth/token"));
            }
        }
        for (String raw : List.of("", "%", "a=%zz", "client_id=%00", "{", "[]", "null")) {
            record("raw form " + raw, fromOwnSource().contentType("application/x-www-form-urlencoded")
                    .body(raw).post("/oauth/token"));
            record("raw json " + raw, fromOwnSource().contentType("application/json")
                    .body(raw.getBytes(StandardCharsets.UTF_8)).post("/oauth/token"));
        }
        record("basic with NUL", fromOwnSource().header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("mkc\u0000:s\u0000".getBytes(StandardCharsets.UTF_8)))
                .contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .post("/oauth/token"));
        record("basic garbage", fromOwnSource().header("Authorization", "Basic %%%")
                .contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .post("/oauth/token"));
        assertThat(serverErrors).isEmpty();
    }

    @Test
    void noOperatorRequestCausesAServerError() {
        for (String field : List.of("partnerId", "name", "zuoraInvoiceOwnerAccountNumber",
                "salesforceDistributorAccountId", "permittedTradingPartnerIds", "enabled")) {
            for (Object value : BAD_VALUES) {
                Map<String, Object> partner = partner();
                partner.put(field, value);
                record("partner." + field + "=" + describe(value), admin().body(partner).post("/admin/partners"));
                record("put partner." + field + "=" + describe(value), admin().body(partner)
                        .put("/admin/partners/some-partner"));
            }
        }
        for (String field : List.of("partnerId", "scopes", "description")) {
            for (Object value : BAD_VALUES) {
                Map<String, Object> client = new HashMap<>(Map.of("scopes", List.of("marketplace.admin")));
                client.put(field, value);
                record("client." + field + "=" + describe(value), admin().body(client).post("/admin/clients"));
            }
        }
        for (String id : BAD_IDS) {
            record("get partner " + id, admin().urlEncodingEnabled(false).get("/admin/partners/" + id));
            record("put partner " + id, admin().urlEncodingEnabled(false).body(partner()).put("/admin/partners/" + id));
            record("list clients " + id, admin().urlEncodingEnabled(false).get("/admin/clients?partnerId=" + id));
            for (String action : List.of("secret", "disable", "enable")) {
                record(action + " " + id, admin().urlEncodingEnabled(false).post("/admin/clients/" + id + "/" + action));
            }
            record("revoke " + id, admin().urlEncodingEnabled(false).post("/admin/signing-keys/" + id + "/revoke"));
        }
        Response nul = admin().urlEncodingEnabled(false).get("/admin/partners/a%00b");
        assertThat(nul.statusCode()).isEqualTo(422);
        assertThat(nul.jsonPath().getString("details[0].field")).isEqualTo("partnerId");
        Map<String, Object> partner = partner();
        partner.put("name", "Acme\u0000");
        Response nulInBody = admin().body(partner).post("/admin/partners");
        assertThat(nulInBody.statusCode()).isEqualTo(422);
        assertThat(nulInBody.jsonPath().getString("details[0].field")).isEqualTo("name");
        assertThat(serverErrors).isEmpty();
    }

    private io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(operator).contentType("application/json");
    }

    private static Map<String, Object> partner() {
        return new HashMap<>(Map.of("name", "Fuzz", "zuoraInvoiceOwnerAccountNumber", "A00001234",
                "salesforceDistributorAccountId", "0018X00003Distrib",
                "permittedTradingPartnerIds", List.of("0018X00003TPartnr")));
    }

    private void record(String what, Response answer) {
        if (answer.statusCode() >= 500) {
            serverErrors.add(what + " -> " + answer.statusCode() + " " + answer.asString());
        }
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return text.length() > 20 ? text.substring(0, 20) + "…(" + text.length() + ")" : text;
    }
}
