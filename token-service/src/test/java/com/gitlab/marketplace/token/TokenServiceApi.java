package com.gitlab.marketplace.token;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** What the tests do through token-service's HTTP API, as a partner or an operator would. */
final class TokenServiceApi {

    static final String OPERATOR_ID = "operator";
    static final String OPERATOR_SECRET = "local-demo-operator-secret-not-for-production";

    private TokenServiceApi() {
    }

    /** A request from a source address of its own, so failures of one test never throttle another. */
    static RequestSpecification fromOwnSource() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return given().header("X-Forwarded-For",
                "198.51." + random.nextInt(1, 255) + "." + random.nextInt(1, 255));
    }

    static ValidatableResponse requestToken(String clientId, String secret, String scope) {
        return fromOwnSource()
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .formParam("scope", scope)
                .post("/oauth/token")
                .then();
    }

    static String token(String clientId, String secret, String scope) {
        return requestToken(clientId, secret, scope).statusCode(200).extract().path("access_token");
    }

    static String operatorToken() {
        return token(OPERATOR_ID, OPERATOR_SECRET, "marketplace.admin");
    }

    static String registerPartner(String tradingPartnerId) {
        String partnerId = "ptn-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(operatorToken())
                .contentType("application/json")
                .body(Map.of("partnerId", partnerId, "name", "Partner " + partnerId,
                        "zuoraInvoiceOwnerAccountNumber", "A00001234",
                        "salesforceDistributorAccountId", "0018X00003Distrib",
                        "permittedTradingPartnerIds", List.of(tradingPartnerId)))
                .post("/admin/partners")
                .then().statusCode(201);
        return partnerId;
    }

    /** Issues a partner client; returns {clientId, clientSecret}. */
    static Map<String, String> issueClient(String partnerId, List<String> scopes) {
        Map<String, Object> body = partnerId == null ? Map.of("scopes", scopes)
                : Map.of("partnerId", partnerId, "scopes", scopes);
        io.restassured.path.json.JsonPath issued = given().auth().oauth2(operatorToken())
                .contentType("application/json")
                .body(body)
                .post("/admin/clients")
                .then().statusCode(201)
                .extract().jsonPath();
        return Map.of("clientId", issued.getString("clientId"), "clientSecret", issued.getString("clientSecret"));
    }
}
