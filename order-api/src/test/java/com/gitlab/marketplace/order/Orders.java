package com.gitlab.marketplace.order;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Order requests as partners send them. */
final class Orders {

    private Orders() {
    }

    static String newExternalId() {
        return "PO-" + UUID.randomUUID();
    }

    /** The example body of API.md §2.1, with the given external id. */
    static Map<String, Object> body(String externalSubscriptionId) {
        Map<String, Object> contact = new HashMap<>(Map.of("firstName", "Ada", "lastName", "Lovelace",
                "email", "ada@acme.example", "phone", "+1 555 0100"));
        Map<String, Object> address = new HashMap<>(Map.of("address1", "1 Main St", "city", "Springfield",
                "state", "IL", "postalCode", "62701", "country", "US"));
        Map<String, Object> customer = new HashMap<>(Map.of("companyName", "Acme Corp", "contact", contact,
                "address", address));
        List<Object> lines = new ArrayList<>(List.of(new HashMap<>(Map.of("productId", "premium-saas-1y", "quantity", 25))));
        return new HashMap<>(Map.of("externalSubscriptionId", externalSubscriptionId,
                "tradingPartnerId", Platform.TRADING_PARTNER, "customer", customer, "orderLines", lines));
    }

    static ValidatableResponse placeAsync(String token, Object body) {
        return given().auth().oauth2(token).header("Prefer", "respond-async").contentType("application/json")
                .body(body).post("/api/v1/marketplace/subscriptions").then();
    }

    static ValidatableResponse get(String token, String externalSubscriptionId) {
        return given().auth().oauth2(token).get("/api/v1/marketplace/subscriptions/{id}", externalSubscriptionId).then();
    }
}
