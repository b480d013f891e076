package com.gitlab.marketplace.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox behaves like Salesforce where the connector depends on it (API.md §5). */
class SalesforceSandboxTests {

    private static final String DATA = "/services/data/v60.0";
    private final HttpClient http = HttpClient.newHttpClient();
    private SalesforceSandbox sandbox;
    private String token;

    @BeforeEach
    void start() throws Exception {
        sandbox = SalesforceSandbox.start(SandboxSettings.defaults());
        token = newSession();
    }

    private String newSession() throws Exception {
        HttpResponse<String> granted = send(HttpRequest.newBuilder(uri("/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"
                        + "&client_id=salesforce-sandbox-client&client_secret=salesforce-sandbox-secret")));
        JsonObject body = new JsonObject(granted.body());
        assertThat(body.getString("instance_url")).isEqualTo(sandbox.baseUrl());
        assertThat(body.containsKey("expires_in")).isFalse();
        return body.getString("access_token");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void soqlSubsetAnswersRecordsAndRefusesWhatItDoesNotUnderstand() throws Exception {
        HttpResponse<String> found = query("SELECT Id, Name FROM Account WHERE Id = '0018X00003TPartnr' LIMIT 1");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.headers().firstValue("Sforce-Limit-Info")).hasValueSatisfying(v -> assertThat(v).startsWith("api-usage="));
        JsonObject result = new JsonObject(found.body());
        assertThat(result.getInteger("totalSize")).isEqualTo(1);
        assertThat(result.getJsonArray("records").getJsonObject(0).getJsonObject("attributes").getString("type"))
                .isEqualTo("Account");

        assertThat(errorCode(query("SELECT FROM Account"))).isEqualTo("MALFORMED_QUERY");
        assertThat(errorCode(query("SELECT Id FROM Account WHERE Name LIKE 'A%'"))).isEqualTo("MALFORMED_QUERY");
        assertThat(errorCode(query("SELECT Nope FROM Account"))).isEqualTo("INVALID_FIELD");
        assertThat(errorCode(query("SELECT Id FROM Gadget"))).isEqualTo("INVALID_TYPE");
        assertThat(get(DATA + "/sobjects/Account/001000000000000AAA").statusCode()).isEqualTo(404);
    }

    @Test
    void compositeUpsertsCreateThenUpdateAndReferencesConnectTheRecords() throws Exception {
        JsonArray first = composite(true, upsert("Account", "Marketplace_Order_Id__c", "o-1", "account",
                        new JsonObject().put("Name", "Acme")),
                upsert("Contact", "Marketplace_Order_Id__c", "o-1", "contact",
                        new JsonObject().put("LastName", "Lovelace").put("AccountId", "@{account.id}")));
        assertThat(first.getJsonObject(0).getInteger("httpStatusCode")).isEqualTo(201);
        assertThat(first.getJsonObject(0).getJsonObject("body").getBoolean("created")).isTrue();
        String accountId = first.getJsonObject(0).getJsonObject("body").getString("id");

        JsonArray again = composite(true, upsert("Account", "Marketplace_Order_Id__c", "o-1", "account",
                new JsonObject().put("Name", "Acme Corp")));
        assertThat(again.getJsonObject(0).getInteger("httpStatusCode")).isEqualTo(200);
        assertThat(again.getJsonObject(0).getJsonObject("body").getString("id")).isEqualTo(accountId);
        JsonObject contact = new JsonObject(get(DATA + "/sobjects/Contact/"
                + first.getJsonObject(1).getJsonObject("body").getString("id")).body());
        assertThat(contact.getString("AccountId")).isEqualTo(accountId);

        composite(false, new JsonObject().put("method", "POST").put("url", DATA + "/sobjects/Account")
                .put("referenceId", "dup").put("body", new JsonObject().put("Name", "Dup")
                        .put("Marketplace_Order_Id__c", "o-2")), new JsonObject().put("method", "POST")
                .put("url", DATA + "/sobjects/Account").put("referenceId", "dup2").put("body", new JsonObject()
                        .put("Name", "Dup").put("Marketplace_Order_Id__c", "o-2")));
        JsonArray multiple = composite(true, upsert("Account", "Marketplace_Order_Id__c", "o-2", "account",
                new JsonObject().put("Name", "Which")));
        assertThat(multiple.getJsonObject(0).getInteger("httpStatusCode")).isEqualTo(300);
    }

    @Test
    void allOrNoneRollsBackEverythingAndReportsTheCauseOnceAndHaltedForTheRest() throws Exception {
        JsonArray results = composite(true,
                upsert("Account", "Marketplace_Order_Id__c", "o-3", "account", new JsonObject().put("Name", "Acme")),
                upsert("Contact", "Marketplace_Order_Id__c", "o-3", "contact", new JsonObject()
                        .put("LastName", "Lovelace").put("Email", "not-an-email").put("AccountId", "@{account.id}")),
                upsert("Opportunity", "Marketplace_Order_Id__c", "o-3", "opportunity", new JsonObject()
                        .put("Name", "x")));
        assertThat(results.stream().map(r -> errorCode(((JsonObject) r).getValue("body"))))
                .containsExactly("PROCESSING_HALTED", "INVALID_EMAIL_ADDRESS", "PROCESSING_HALTED");
        assertThat(new JsonObject(query("SELECT Id FROM Account WHERE Marketplace_Order_Id__c = 'o-3'").body())
                .getInteger("totalSize")).isZero();

        JsonArray missing = composite(true, upsert("Opportunity", "Marketplace_Order_Id__c", "o-4", "opportunity",
                new JsonObject().put("Name", "x").put("AccountId", "0018X0000000000BAD")));
        assertThat(errorCode(missing.getJsonObject(0).getValue("body"))).isEqualTo("REQUIRED_FIELD_MISSING");
        JsonArray badReference = composite(true, upsert("Opportunity", "Marketplace_Order_Id__c", "o-4", "opportunity",
                new JsonObject().put("Name", "x").put("StageName", "Closed Won").put("CloseDate", "2026-11-22")
                        .put("AccountId", "0018X0000000000BAD")));
        assertThat(errorCode(badReference.getJsonObject(0).getValue("body"))).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
    }

    @Test
    void anExpiredSessionAndTheDailyLimitAnswerAsSalesforceDoes() throws Exception {
        send(HttpRequest.newBuilder(uri("/sandbox/sessions/expire")).POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> expired = query("SELECT Id FROM Account");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(errorCode(new JsonArray(expired.body()))).isEqualTo("INVALID_SESSION_ID");

        token = newSession();
        send(HttpRequest.newBuilder(uri("/sandbox/limits")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"dailyLimit\":3,\"used\":3}")));
        HttpResponse<String> limited = query("SELECT Id FROM Account");
        assertThat(limited.statusCode()).isEqualTo(403);
        assertThat(errorCode(new JsonArray(limited.body()))).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(limited.headers().firstValue("Sforce-Limit-Info")).contains("api-usage=3/3");
    }

    private static JsonObject upsert(String type, String field, String value, String ref, JsonObject body) {
        return new JsonObject().put("method", "PATCH").put("url", DATA + "/sobjects/" + type + "/" + field + "/" + value)
                .put("referenceId", ref).put("body", body);
    }

    private JsonArray composite(boolean allOrNone, JsonObject... requests) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(DATA + "/composite"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("allOrNone", allOrNone)
                        .put("compositeRequest", new JsonArray(List.of((Object[]) requests))).encode())));
        assertThat(response.statusCode()).isEqualTo(200);
        return new JsonObject(response.body()).getJsonArray("compositeResponse");
    }

    private HttpResponse<String> query(String soql) throws Exception {
        return get(DATA + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(sandbox.baseUrl() + path);
    }

    private static String errorCode(HttpResponse<String> response) {
        return errorCode(new JsonArray(response.body()));
    }

    private static String errorCode(Object body) {
        return body instanceof JsonArray errors ? errors.getJsonObject(0).getString("errorCode") : null;
    }
}
