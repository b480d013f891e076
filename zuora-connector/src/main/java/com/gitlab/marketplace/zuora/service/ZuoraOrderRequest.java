package com.gitlab.marketplace.zuora.service;

import com.gitlab.marketplace.events.order.Address;
import com.gitlab.marketplace.events.order.Contact;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.zuora.client.ZuoraApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The {@code POST /v1/orders} body for an accepted order: the partner's invoice-owner account owns the
 * order, a new account for the customer owns the subscription, each order line subscribes to its rate
 * plan with the quantity as a charge override, and the order id is stamped in
 * {@code MarketplaceOrderId__c} (the callout template sends it back; lookups find the subscription by it).
 */
final class ZuoraOrderRequest {

    /**
     * Subscriptions renew at their term end unless the partner cancels (API.md §2.6: a cancel turns this off), as
     * GitLab subscriptions do.
     */
    private static final boolean AUTO_RENEW = true;

    private ZuoraOrderRequest() {
    }

    /** The subscription's first term as this request asks Zuora for it: from the order date, the base plan's. */
    static Term firstTerm(OrderPlaced order) {
        LocalDate start = orderDate(order);
        return new Term(start, start.plusMonths(order.basePlan().termMonths()), AUTO_RENEW);
    }

    /** Zuora's term of a subscription: its dates and whether it renews at the end. */
    record Term(LocalDate startDate, LocalDate endDate, boolean autoRenew) {
    }

    private static LocalDate orderDate(OrderPlaced order) {
        return LocalDate.ofInstant(order.occurredAt(), ZoneOffset.UTC);
    }

    static JsonObject of(OrderPlaced order, String currency) {
        Contact contact = order.customer().contact();
        Address address = order.customer().address();
        JsonObject billTo = new JsonObject()
                .put("firstName", contact.firstName())
                .put("lastName", contact.lastName())
                .put("workEmail", contact.email())
                .put("country", address.country());
        putIfPresent(billTo, "workPhone", contact.phone());
        putIfPresent(billTo, "address1", address.address1());
        putIfPresent(billTo, "address2", address.address2());
        putIfPresent(billTo, "city", address.city());
        putIfPresent(billTo, "state", address.state());
        putIfPresent(billTo, "zipCode", address.postalCode());

        JsonArray ratePlans = new JsonArray();
        for (OrderLine line : order.orderLines()) {
            ratePlans.add(new JsonObject()
                    .put("productRatePlanId", line.zuoraProductRatePlanId())
                    .put("chargeOverrides", new JsonArray().add(new JsonObject()
                            .put("productRatePlanChargeId", line.zuoraProductRatePlanChargeId())
                            .put("pricing", new JsonObject().put("recurringPerUnit",
                                    new JsonObject().put("quantity", line.quantity()))))));
        }
        // One subscription has one term: its base plan's, the same line the license takes its expiry from.
        int termMonths = order.basePlan().termMonths();

        JsonObject createSubscription = new JsonObject()
                .put("newSubscriptionOwnerAccount", new JsonObject()
                        .put("name", order.customer().companyName())
                        .put("currency", currency)
                        .put("billCycleDay", 1)
                        .put("autoPay", false)
                        .put("billToContact", billTo))
                .put("terms", new JsonObject()
                        .put("initialTerm", new JsonObject().put("period", termMonths).put("periodType", "Month")
                                .put("termType", "TERMED"))
                        .put("renewalSetting", "RENEW_WITH_SPECIFIC_TERM")
                        .put("autoRenew", AUTO_RENEW))
                .put("subscribeToRatePlans", ratePlans);
        return new JsonObject()
                .put("orderDate", orderDate(order).toString())
                .put("existingAccountNumber", order.zuoraInvoiceOwnerAccountNumber())
                .put("subscriptions", new JsonArray().add(new JsonObject()
                        .put("customFields", new JsonObject().put(ZuoraApi.ORDER_ID_FIELD, order.orderId().toString()))
                        .put("orderActions", new JsonArray().add(new JsonObject()
                                .put("type", "CreateSubscription")
                                .put("createSubscription", createSubscription)))))
                .put("processingOptions", new JsonObject().put("runBilling", false).put("collectPayment", false));
    }

    private static void putIfPresent(JsonObject json, String field, String value) {
        if (value != null && !value.isBlank()) {
            json.put(field, value);
        }
    }
}
