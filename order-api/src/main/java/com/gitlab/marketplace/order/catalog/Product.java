package com.gitlab.marketplace.order.catalog;

import com.gitlab.marketplace.events.order.OrderLine;

/** A catalog entry: what partners order by {@code productId}, mapped to Zuora, Salesforce and the license. */
public record Product(
        String productId,
        String name,
        String kind,
        String licensePlan,
        int termMonths,
        String zuoraProductRatePlanId,
        String zuoraProductRatePlanChargeId,
        String salesforceProductCode,
        boolean active) {

    public OrderLine orderLine(int quantity) {
        return new OrderLine(productId, name, quantity, termMonths, licensePlan, zuoraProductRatePlanId,
                zuoraProductRatePlanChargeId, salesforceProductCode, kind);
    }
}
