package com.gitlab.marketplace.sandbox.zuora;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The order actions that amend an existing subscription, as Zuora's Orders API takes them: {@code UpdateProduct}
 * (a charge's new quantity, by the subscription's rate plan id and charge number), {@code AddProduct} (a product
 * rate plan the subscription does not have), {@code RenewSubscription} (a new term from the current term end) and
 * {@code CancelSubscription} (only {@code EndOfCurrentTerm}). Each order makes a new version of the subscription.
 */
final class Amendments {

    static final Set<String> TYPES = Set.of("UpdateProduct", "AddProduct", "RenewSubscription", "CancelSubscription");
    static final String CANCELLED = "Cancelled";

    private final Catalog catalog;

    Amendments(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The reasons Zuora refuses one action on {@code subscription} (as it is before the order). */
    void check(JsonObject subscription, JsonObject action, String path, List<ZuoraError> problems) {
        String type = action.getString("type");
        if (CANCELLED.equals(subscription.getString("status"))) {
            problems.add(ZuoraError.businessRule("The subscription " + subscription.getString("subscriptionNumber")
                    + " has been cancelled and cannot be amended."));
            return;
        }
        switch (type) {
            case "UpdateProduct" -> checkUpdate(subscription, action.getJsonObject("updateProduct"),
                    path + ".updateProduct", problems);
            case "AddProduct" -> checkAdd(subscription, action.getJsonObject("addProduct"), path + ".addProduct",
                    problems);
            case "RenewSubscription" -> {
                if (!"TERMED".equals(subscription.getString("termType"))) {
                    problems.add(ZuoraError.businessRule("Only a termed subscription can be renewed."));
                }
            }
            case "CancelSubscription" -> {
                JsonObject cancel = action.getJsonObject("cancelSubscription");
                String policy = cancel == null ? null : cancel.getString("cancellationPolicy");
                if (policy == null) {
                    problems.add(ZuoraError.missingField(path + ".cancelSubscription.cancellationPolicy"));
                } else if (!"EndOfCurrentTerm".equals(policy)) {
                    problems.add(ZuoraError.invalidValue(path + ".cancelSubscription.cancellationPolicy", policy));
                }
            }
            default -> problems.add(ZuoraError.invalidValue(path + ".type", type));
        }
    }

    private static void checkUpdate(JsonObject subscription, JsonObject update, String path, List<ZuoraError> problems) {
        if (update == null) {
            problems.add(ZuoraError.missingField(path));
            return;
        }
        String ratePlanId = update.getString("ratePlanId");
        Optional<JsonObject> ratePlan = ratePlan(subscription, ratePlanId);
        if (ratePlan.isEmpty()) {
            problems.add(ZuoraError.invalidValue(path + ".ratePlanId", ratePlanId));
            return;
        }
        JsonArray updates = update.getJsonArray("chargeUpdates");
        if (updates == null || updates.isEmpty()) {
            problems.add(ZuoraError.missingField(path + ".chargeUpdates"));
            return;
        }
        for (int c = 0; c < updates.size(); c++) {
            JsonObject chargeUpdate = updates.getJsonObject(c);
            String chargePath = path + ".chargeUpdates[" + c + "]";
            String number = chargeUpdate.getString("chargeNumber");
            if (charge(ratePlan.get(), number).isEmpty()) {
                problems.add(ZuoraError.invalidValue(chargePath + ".chargeNumber", number));
            }
            Object quantity = quantity(chargeUpdate);
            if (!(quantity instanceof Number n) || n.doubleValue() <= 0) {
                problems.add(ZuoraError.invalidValue(chargePath + ".pricing.recurringPerUnit.quantity", quantity));
            }
        }
    }

    private void checkAdd(JsonObject subscription, JsonObject add, String path, List<ZuoraError> problems) {
        if (add == null) {
            problems.add(ZuoraError.missingField(path));
            return;
        }
        String productRatePlanId = add.getString("productRatePlanId");
        if (productRatePlanId == null || !catalog.hasRatePlan(productRatePlanId)) {
            problems.add(ZuoraError.invalidValue(path + ".productRatePlanId", productRatePlanId));
            return;
        }
        if (ratePlans(subscription).stream().anyMatch(p -> productRatePlanId.equals(p.getString("productRatePlanId")))) {
            problems.add(ZuoraError.businessRule("The product rate plan " + productRatePlanId
                    + " is subscribed to more than once in one subscription."));
        }
        JsonArray overrides = add.getJsonArray("chargeOverrides", new JsonArray());
        for (int c = 0; c < overrides.size(); c++) {
            JsonObject override = overrides.getJsonObject(c);
            String chargeId = override.getString("productRatePlanChargeId");
            if (chargeId == null || !catalog.chargeBelongsTo(chargeId, productRatePlanId)) {
                problems.add(ZuoraError.invalidValue(path + ".chargeOverrides[" + c + "].productRatePlanChargeId",
                        chargeId));
            }
            Object quantity = quantity(override);
            if (!(quantity instanceof Number n) || n.doubleValue() <= 0) {
                problems.add(ZuoraError.invalidValue(path + ".chargeOverrides[" + c + "].pricing.recurringPerUnit"
                        + ".quantity", quantity));
            }
        }
    }

    /** Applies one checked action to {@code subscription} (the next version, being built). */
    void apply(Tenant tenant, JsonObject subscription, JsonObject action) {
        switch (action.getString("type")) {
            case "UpdateProduct" -> {
                JsonObject update = action.getJsonObject("updateProduct");
                JsonObject ratePlan = ratePlan(subscription, update.getString("ratePlanId")).orElseThrow();
                for (Object item : update.getJsonArray("chargeUpdates")) {
                    JsonObject chargeUpdate = (JsonObject) item;
                    charge(ratePlan, chargeUpdate.getString("chargeNumber")).orElseThrow()
                            .put("quantity", ((Number) quantity(chargeUpdate)).intValue());
                }
            }
            case "AddProduct" -> {
                JsonObject add = action.getJsonObject("addProduct");
                subscription.getJsonArray("ratePlans").add(tenant.newRatePlan(add.getString("productRatePlanId"),
                        add.getJsonArray("chargeOverrides", new JsonArray())));
            }
            case "RenewSubscription" -> {
                LocalDate end = LocalDate.parse(subscription.getString("termEndDate"));
                int months = subscription.getInteger("renewalTerm", subscription.getInteger("initialTerm"));
                subscription.put("termStartDate", end.toString())
                        .put("termEndDate", end.plusMonths(months).toString())
                        .put("currentTerm", months);
            }
            case "CancelSubscription" -> subscription.put("status", CANCELLED).put("autoRenew", false)
                    .put("cancelledDate", subscription.getString("termEndDate"))
                    .put("subscriptionEndDate", subscription.getString("termEndDate"));
            default -> throw new IllegalStateException("unchecked action " + action.getString("type"));
        }
    }

    private static List<JsonObject> ratePlans(JsonObject subscription) {
        return subscription.getJsonArray("ratePlans", new JsonArray()).stream().map(JsonObject.class::cast).toList();
    }

    private static Optional<JsonObject> ratePlan(JsonObject subscription, String ratePlanId) {
        return ratePlanId == null ? Optional.empty()
                : ratePlans(subscription).stream().filter(p -> ratePlanId.equals(p.getString("id"))).findFirst();
    }

    private static Optional<JsonObject> charge(JsonObject ratePlan, String number) {
        return number == null ? Optional.empty() : ratePlan.getJsonArray("ratePlanCharges", new JsonArray()).stream()
                .map(JsonObject.class::cast).filter(c -> number.equals(c.getString("number"))).findFirst();
    }

    private static Object quantity(JsonObject withPricing) {
        return withPricing.getJsonObject("pricing", new JsonObject()).getJsonObject("recurringPerUnit",
                new JsonObject()).getValue("quantity");
    }
}
