package com.gitlab.marketplace.sandbox.zuora;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** The tenant's product rate plans and their per-unit charges, from {@code zuora-sandbox-catalog.json}. */
final class Catalog {

    private final Map<String, String> chargeByRatePlan;

    private Catalog(Map<String, String> chargeByRatePlan) {
        this.chargeByRatePlan = chargeByRatePlan;
    }

    static Catalog load() {
        try (InputStream in = Catalog.class.getResourceAsStream("/zuora-sandbox-catalog.json")) {
            JsonObject catalog = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return new Catalog(catalog.getJsonArray("productRatePlans").stream().map(JsonObject.class::cast)
                    .collect(Collectors.toUnmodifiableMap(p -> p.getString("id"), p -> p.getString("chargeId"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean hasRatePlan(String productRatePlanId) {
        return chargeByRatePlan.containsKey(productRatePlanId);
    }

    boolean chargeBelongsTo(String productRatePlanChargeId, String productRatePlanId) {
        return productRatePlanChargeId.equals(chargeByRatePlan.get(productRatePlanId));
    }
}
