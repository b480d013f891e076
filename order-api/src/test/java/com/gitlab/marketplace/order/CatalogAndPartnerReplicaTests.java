package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.get;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static com.gitlab.marketplace.order.Orders.placeAsync;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.gitlab.marketplace.events.partner.ClientUpdated;
import com.gitlab.marketplace.events.partner.PartnerDetails;
import com.gitlab.marketplace.events.partner.PartnerUpdated;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Operators edit the catalog; the partner replica follows partner events by revision. */
@QuarkusTest
class CatalogAndPartnerReplicaTests {

    @Test
    void anOperatorAddsAndWithdrawsAProduct() {
        String partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        String token = TestTokens.partner(partnerId, "marketplace.order:create");
        Map<String, Object> product = Map.of("name", "GitLab Ultimate (Self-Managed), 2 years", "kind", "plan",
                "licensePlan", "ultimate", "termMonths", 24, "zuoraProductRatePlanId", "8a28aa0b0000000000000000000000aa",
                "zuoraProductRatePlanChargeId", "8a28aa0b0000000000000000000000ab", "salesforceProductCode", "GL-ULT-SM-2Y");

        given().auth().oauth2(token).contentType("application/json").body(product)
                .put("/admin/products/ultimate-sm-2y").then().statusCode(403);
        given().auth().oauth2(TestTokens.operator()).contentType("application/json").body(product)
                .put("/admin/products/ultimate-sm-2y").then().statusCode(200).body("active", equalTo(true));
        given().auth().oauth2(TestTokens.operator()).get("/admin/products").then().statusCode(200)
                .body("productId", hasItem("ultimate-sm-2y"));

        Map<String, Object> order = body(newExternalId());
        order.put("orderLines", List.of(Map.of("productId", "ultimate-sm-2y", "quantity", 10)));
        placeAsync(token, order).statusCode(202);

        Map<String, Object> withdrawn = new HashMap<>(product);
        withdrawn.put("active", false);
        given().auth().oauth2(TestTokens.operator()).contentType("application/json").body(withdrawn)
                .put("/admin/products/ultimate-sm-2y").then().statusCode(200).body("active", equalTo(false));
        Map<String, Object> another = body(newExternalId());
        another.put("orderLines", List.of(Map.of("productId", "ultimate-sm-2y", "quantity", 10)));
        placeAsync(token, another).statusCode(422).body("details[0].field", equalTo("orderLines[0].productId"));

        given().auth().oauth2(TestTokens.operator()).contentType("application/json").body(Map.of("kind", "gadget"))
                .put("/admin/products/bad-product").then().statusCode(422).body("error", equalTo("validation_failed"));
    }

    @Test
    void aDisabledPartnerCanNeitherOrderNorReadWithTheTokensItHoldsAndAnOlderRevisionNeverWins() {
        String partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        String token = TestTokens.partner(partnerId, "marketplace.order:create");
        String reader = TestTokens.partner(partnerId, "marketplace.order:read");
        String placed = newExternalId();
        placeAsync(token, body(placed)).statusCode(202);
        get(reader, placed).statusCode(200);

        Platform.publish(new PartnerUpdated(new PartnerDetails(partnerId, "Disabled", "A00001234", "0018X00003Distrib",
                List.of(Platform.TRADING_PARTNER), false, 3, null), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                placeAsync(token, body(newExternalId())).extract().statusCode() == 403);
        placeAsync(token, body(newExternalId())).statusCode(403).body("error", equalTo("partner_not_enabled"));
        // Its unexpired tokens read nothing either, within seconds of the event (not at their expiry).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                get(reader, placed).statusCode(403).body("error", equalTo("partner_not_enabled")));

        // A late, older revision (2 < 3) that would enable the partner again is ignored.
        Platform.awaitProcessed(Platform.publish(new PartnerUpdated(new PartnerDetails(partnerId, "Stale", "A00001234",
                "0018X00003Distrib", List.of(Platform.TRADING_PARTNER), true, 2, null), Instant.now())));
        placeAsync(token, body(newExternalId())).statusCode(403).body("error", equalTo("partner_not_enabled"));
        Platform.publish(new PartnerUpdated(new PartnerDetails(partnerId, "Enabled again", "A00001234",
                "0018X00003Distrib", List.of("0018X00003Other"), true, 4, null), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                placeAsync(token, body(newExternalId())).extract().statusCode() == 422);
        placeAsync(token, body(newExternalId())).statusCode(422).body("error", equalTo("trading_partner_not_permitted"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> get(reader, placed).statusCode(200));
    }

    @Test
    void aDisabledClientsUnexpiredTokensAreRefusedWithinSecondsWhileThePartnersOtherClientsWork() {
        String partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        String clientId = "mkc_" + partnerId; // the client TestTokens.partner names
        String token = TestTokens.partner(partnerId, "marketplace.order:create marketplace.order:read");
        String otherClients = TestTokens.partnerWith(partnerId, claims -> {
            claims.setSubject("mkc_other_" + partnerId);
            claims.setClaim("client_id", "mkc_other_" + partnerId);
        });
        String placed = newExternalId();
        placeAsync(token, body(placed)).statusCode(202);
        get(token, placed).statusCode(200);

        Instant disabledAt = Instant.now();
        Platform.publish(new ClientUpdated(clientId, partnerId, false, disabledAt));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> get(token, placed).statusCode(401)
                .body("error", equalTo("invalid_token"))
                .header("WWW-Authenticate", containsString("invalid_token")));
        placeAsync(token, body(newExternalId())).statusCode(401).body("error", equalTo("invalid_token"));
        get(otherClients, placed).statusCode(200);

        // A redelivered older change never enables it again; a newer one does.
        Platform.awaitProcessed(Platform.publish(new ClientUpdated(clientId, partnerId, true,
                disabledAt.minusSeconds(60))));
        Platform.awaitProcessed(Platform.publish(new ClientUpdated("mkc_unrelated", partnerId, true, disabledAt)));
        get(token, placed).statusCode(401);
        Platform.publish(new ClientUpdated(clientId, partnerId, true, disabledAt.plusSeconds(1)));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> get(token, placed).statusCode(200));
    }

    @Test
    void aDisabledOperatorClientsUnexpiredTokenLosesTheOperatorApiWithinSecondsWhileAnotherOperatorWorks() {
        String clientId = "mkc_operator_" + UUID.randomUUID().toString().substring(0, 8);
        String token = TestTokens.operator(clientId);
        String colleague = TestTokens.operator(clientId + "_colleague");
        given().auth().oauth2(token).get("/admin/products").then().statusCode(200);

        Instant disabledAt = Instant.now();
        Platform.publish(new ClientUpdated(clientId, null, false, disabledAt));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().auth().oauth2(token).get("/admin/products")
                .then().statusCode(401).body("error", equalTo("invalid_token"))
                .header("WWW-Authenticate", containsString("invalid_token")));
        // Every part of the operator API, reads and changes alike.
        for (String path : List.of("/admin/orders", "/admin/dead-letters", "/admin/orders/" + UUID.randomUUID())) {
            given().auth().oauth2(token).get(path).then().statusCode(401);
        }
        given().auth().oauth2(token).contentType("application/json").body(Map.of("reason", "x"))
                .post("/admin/orders/{id}/redrive", UUID.randomUUID()).then().statusCode(401);
        given().auth().oauth2(colleague).get("/admin/products").then().statusCode(200);

        Platform.publish(new ClientUpdated(clientId, null, true, disabledAt.plusSeconds(1)));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().auth().oauth2(token).get("/admin/products")
                .then().statusCode(200));
    }
}
