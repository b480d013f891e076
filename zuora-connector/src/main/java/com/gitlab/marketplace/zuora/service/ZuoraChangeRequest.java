package com.gitlab.marketplace.zuora.service;

import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.SubscriptionChangeRequested;
import com.gitlab.marketplace.zuora.client.ZuoraApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The {@code POST /v1/orders} body that makes a partner's change to a subscription, from the subscription as Zuora
 * has it now: a line whose rate plan the subscription has and whose quantity differs becomes {@code UpdateProduct}
 * (by the subscription's rate plan id and charge number), a line it lacks {@code AddProduct}; {@code renew} adds
 * {@code RenewSubscription} (its line changes dated at the current term end, when the new term starts);
 * {@code cancel} is {@code CancelSubscription} at the end of the current term. The change id is stamped in
 * {@code MarketplaceChangeId__c}, so the order can be found when a call's outcome is unknown.
 */
final class ZuoraChangeRequest {

    private ZuoraChangeRequest() {
    }

    /** The order actions the change needs; empty when the subscription already is as the change asks. */
    static JsonArray actions(SubscriptionChangeRequested change, JsonObject subscription) {
        JsonArray actions = new JsonArray();
        if (SubscriptionChangeRequested.CANCEL.equals(change.action())) {
            return actions.add(new JsonObject().put("type", "CancelSubscription").put("cancelSubscription",
                    new JsonObject().put("cancellationPolicy", "EndOfCurrentTerm")));
        }
        boolean renew = SubscriptionChangeRequested.RENEW.equals(change.action());
        if (renew) {
            actions.add(new JsonObject().put("type", "RenewSubscription").put("renewSubscription", new JsonObject()));
        }
        int lineActions = actions.size();
        for (OrderLine line : change.orderLines()) {
            Optional<JsonObject> ratePlan = ratePlan(subscription, line.zuoraProductRatePlanId());
            if (ratePlan.isEmpty()) {
                actions.add(new JsonObject().put("type", "AddProduct").put("addProduct", new JsonObject()
                        .put("productRatePlanId", line.zuoraProductRatePlanId())
                        .put("chargeOverrides", new JsonArray().add(new JsonObject()
                                .put("productRatePlanChargeId", line.zuoraProductRatePlanChargeId())
                                .put("pricing", pricing(line.quantity()))))));
                continue;
            }
            JsonObject charge = charge(ratePlan.get(), line.zuoraProductRatePlanChargeId()).orElse(null);
            if (charge != null && charge.getInteger("quantity", 0) != line.quantity()) {
                actions.add(new JsonObject().put("type", "UpdateProduct").put("updateProduct", new JsonObject()
                        .put("ratePlanId", ratePlan.get().getString("id"))
                        .put("chargeUpdates", new JsonArray().add(new JsonObject()
                                .put("chargeNumber", charge.getString("number"))
                                .put("pricing", pricing(line.quantity()))))));
            }
        }
        if (renew && subscription.getString("termEndDate") != null) {
            // A renewal's new quantities (which may be lower) start with the new term, never in the current one.
            JsonArray atRenewal = triggerDates(subscription.getString("termEndDate"));
            for (int i = lineActions; i < actions.size(); i++) {
                actions.getJsonObject(i).put("triggerDates", atRenewal.copy());
            }
        }
        return actions;
    }

    private static JsonArray triggerDates(String date) {
        JsonArray dates = new JsonArray();
        for (String name : new String[] {"ContractEffective", "ServiceActivation", "CustomerAcceptance"}) {
            dates.add(new JsonObject().put("name", name).put("triggerDate", date));
        }
        return dates;
    }

    static JsonObject order(SubscriptionChangeRequested change, JsonArray actions) {
        return new JsonObject()
                .put("orderDate", LocalDate.ofInstant(change.occurredAt(), ZoneOffset.UTC).toString())
                .put("existingAccountNumber", change.zuoraInvoiceOwnerAccountNumber())
                .put("customFields", new JsonObject().put(ZuoraApi.CHANGE_ID_FIELD, change.changeId().toString()))
                .put("subscriptions", new JsonArray().add(new JsonObject()
                        .put("subscriptionNumber", change.subscriptionNumber())
                        .put("orderActions", actions)))
                .put("processingOptions", new JsonObject().put("runBilling", false).put("collectPayment", false));
    }

    private static JsonObject pricing(int quantity) {
        return new JsonObject().put("recurringPerUnit", new JsonObject().put("quantity", quantity));
    }

    private static Optional<JsonObject> ratePlan(JsonObject subscription, String productRatePlanId) {
        return subscription.getJsonArray("ratePlans", new JsonArray()).stream().map(JsonObject.class::cast)
                .filter(plan -> productRatePlanId.equals(plan.getString("productRatePlanId"))).findFirst();
    }

    private static Optional<JsonObject> charge(JsonObject ratePlan, String productRatePlanChargeId) {
        return ratePlan.getJsonArray("ratePlanCharges", new JsonArray()).stream().map(JsonObject.class::cast)
                .filter(charge -> productRatePlanChargeId.equals(charge.getString("productRatePlanChargeId")))
                .findFirst();
    }
}
