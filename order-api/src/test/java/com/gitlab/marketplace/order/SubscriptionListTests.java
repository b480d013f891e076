package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.get;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static com.gitlab.marketplace.order.Orders.placeAsync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionFailed;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The partner's list (API.md §2.5) and the live subscription in it and in the single GET. */
@QuarkusTest
class SubscriptionListTests {

    private static final String LIST = "/api/v1/marketplace/subscriptions";

    @Test
    void aPartnerPagesThroughItsOwnOrdersOnlyOldestChangeFirstEachOnce() {
        String partner = partnerToken();
        String other = partnerToken();
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String externalId = newExternalId();
            placeAsync(partner, body(externalId)).statusCode(202);
            placed.add(externalId);
        }
        String othersOrder = newExternalId();
        placeAsync(other, body(othersOrder)).statusCode(202);

        List<JsonPath> pages = new ArrayList<>();
        String pageToken = null;
        do {
            RequestSpecification request = given().auth().oauth2(partner).queryParam("pageSize", 3);
            if (pageToken != null) {
                request.queryParam("pageToken", pageToken);
            }
            JsonPath page = request.get(LIST).then().statusCode(200).extract().jsonPath();
            pages.add(page);
            pageToken = page.getString("nextPageToken");
        } while (pageToken != null && pages.size() < 5);

        assertThat(pages).extracting(page -> page.getList("subscriptions").size()).containsExactly(3, 3, 1);
        List<Map<String, Object>> listed = pages.stream()
                .flatMap(page -> page.<Map<String, Object>>getList("subscriptions").stream()).toList();
        assertThat(listed).extracting(order -> order.get("externalSubscriptionId"))
                .containsExactlyElementsOf(placed);
        assertThat(listed).extracting(order -> Instant.parse((String) order.get("updatedAt"))).isSorted();
        // The live subscription before Zuora has it: the lines ordered, no term yet.
        assertThat(listed.get(0)).containsEntry("orderLines", List.of(Map.of("productId", "premium-saas-1y",
                "quantity", 25))).containsEntry("termStartDate", null).containsEntry("termEndDate", null)
                .containsEntry("autoRenew", null).containsEntry("cancelledAt", null).containsEntry("status", "Creating");

        JsonPath othersList = given().auth().oauth2(other).get(LIST).then().statusCode(200).extract().jsonPath();
        assertThat(othersList.getList("subscriptions.externalSubscriptionId")).containsExactly(othersOrder);
        assertThat(othersList.getString("nextPageToken")).isNull();
    }

    @Test
    void statusAndUpdatedSinceFilterAndAnOrderThatChangesMovesToTheEnd() {
        String partner = partnerToken();
        String first = newExternalId();
        UUID firstId = orderId(placeAsync(partner, body(first)).statusCode(202).extract().jsonPath());
        String second = newExternalId();
        UUID secondId = orderId(placeAsync(partner, body(second)).statusCode(202).extract().jsonPath());
        String third = newExternalId();
        placeAsync(partner, body(third)).statusCode(202);

        Platform.publish(new ZuoraSubscriptionCreated(firstId, "A-S00000401", "A00024362", "O-00000401",
                Instant.now(), LocalDate.parse("2026-11-21"), LocalDate.parse("2027-11-21"), true));
        Platform.publish(new ZuoraSubscriptionFailed(secondId, 0, false, FailureSource.ZUORA, "53100320",
                "Invalid value", Instant.now()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> get(partner, second).statusCode(200)
                .body("status", equalTo("Failed")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> get(partner, first).statusCode(200)
                .body("subscriptionNumber", equalTo("A-S00000401")));

        JsonPath all = given().auth().oauth2(partner).get(LIST).then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("subscriptions.externalSubscriptionId")).hasSize(3).first().isEqualTo(third);

        JsonPath failed = given().auth().oauth2(partner).queryParam("status", "Failed").get(LIST).then()
                .statusCode(200).extract().jsonPath();
        assertThat(failed.getList("subscriptions.externalSubscriptionId")).containsExactly(second);
        JsonPath either = given().auth().oauth2(partner).queryParam("status", "Failed", "Creating").get(LIST).then()
                .statusCode(200).extract().jsonPath();
        assertThat(either.getList("subscriptions.externalSubscriptionId")).containsExactlyInAnyOrder(first, second,
                third);

        String firstChange = get(partner, first).extract().path("updatedAt");
        JsonPath since = given().auth().oauth2(partner).queryParam("updatedSince", firstChange).get(LIST).then()
                .statusCode(200).extract().jsonPath();
        assertThat(since.getList("subscriptions.externalSubscriptionId")).contains(first).doesNotContain(third);
    }

    @Test
    void theSingleViewAndTheListCarryTheTermZuoraGave() {
        String partner = partnerToken();
        String externalId = newExternalId();
        UUID orderId = orderId(placeAsync(partner, body(externalId)).statusCode(202).extract().jsonPath());

        Platform.publish(new ZuoraSubscriptionCreated(orderId, "A-S00000402", "A00024362", "O-00000402",
                Instant.now(), LocalDate.parse("2026-11-21"), LocalDate.parse("2027-11-21"), true));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> get(partner, externalId).statusCode(200)
                .body("subscriptionNumber", equalTo("A-S00000402"))
                .body("termStartDate", equalTo("2026-11-21"))
                .body("termEndDate", equalTo("2027-11-21"))
                .body("autoRenew", equalTo(true))
                .body("cancelledAt", nullValue())
                .body("orderLines[0].productId", equalTo("premium-saas-1y"))
                .body("orderLines[0].quantity", equalTo(25)));
        given().auth().oauth2(partner).get(LIST).then().statusCode(200)
                .body("subscriptions[0].termEndDate", equalTo("2027-11-21"))
                .body("subscriptions[0].autoRenew", equalTo(true));
    }

    @Test
    void aPageTokenAlteredOfAnotherPartnerOrForOtherFiltersIsRefused() {
        String partner = partnerToken();
        for (int i = 0; i < 2; i++) {
            placeAsync(partner, body(newExternalId())).statusCode(202);
        }
        String token = given().auth().oauth2(partner).queryParam("pageSize", 1).get(LIST).then().statusCode(200)
                .extract().path("nextPageToken");
        assertThat(token).isNotNull();
        given().auth().oauth2(partner).queryParam("pageSize", 1).queryParam("pageToken", token).get(LIST).then()
                .statusCode(200);

        int mac = token.indexOf('.') + 1;
        String altered = token.substring(0, mac) + (token.charAt(mac) == 'A' ? 'B' : 'A') + token.substring(mac + 1);
        // The position part names where the page ended ("1|<micros>|<id>", base64): moving it breaks the MAC.
        String forged = token.substring(0, 2) + (token.charAt(2) == 'w' ? 'x' : 'w') + token.substring(3);
        for (String bad : List.of(altered, forged, "not-a-token", token + "x")) {
            given().auth().oauth2(partner).queryParam("pageToken", bad).get(LIST).then().statusCode(400)
                    .body("error", equalTo("invalid_page_token"));
        }
        given().auth().oauth2(partnerToken()).queryParam("pageToken", token).get(LIST).then().statusCode(400)
                .body("error", equalTo("invalid_page_token"));
        given().auth().oauth2(partner).queryParam("pageToken", token).queryParam("status", "Failed").get(LIST).then()
                .statusCode(400).body("error", equalTo("invalid_page_token"));
    }

    @Test
    void badParametersAreNamedTogether() {
        JsonPath refused = given().auth().oauth2(partnerToken()).queryParam("status", "Active")
                .queryParam("pageSize", 0).queryParam("updatedSince", "2026-11-21").get(LIST).then().statusCode(422)
                .body("error", equalTo("validation_failed")).extract().jsonPath();
        assertThat(refused.getList("details.field")).containsExactlyInAnyOrder("status", "pageSize", "updatedSince");

        // A '+' sent unencoded arrives as a space: the message says how to send it.
        given().auth().oauth2(partnerToken()).queryParam("updatedSince", "2026-11-21T10:00:00 01:00")
                .urlEncodingEnabled(true).get(LIST).then().statusCode(422)
                .body("details[0].field", equalTo("updatedSince"));
        given().auth().oauth2(partnerToken()).queryParam("updatedSince", "2026-11-21T10:00:00+01:00")
                .queryParam("pageSize", 200).get(LIST).then().statusCode(200);
    }

    @Test
    void readingTheListNeedsAPartnerScope() {
        String partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        given().auth().oauth2(TestTokens.partner(partnerId, "marketplace.order:read")).get(LIST).then()
                .statusCode(200);
        given().auth().oauth2(TestTokens.partner(partnerId, "openid")).get(LIST).then().statusCode(403);
        given().get(LIST).then().statusCode(401);
    }

    private static String partnerToken() {
        String partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        return TestTokens.partner(partnerId, "marketplace.order:create");
    }

    private static UUID orderId(JsonPath order) {
        return UUID.fromString(order.getString("id"));
    }
}
