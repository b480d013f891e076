package com.gitlab.marketplace.events.order;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * One order line, resolved against the product catalog so that connectors need no catalog of their own.
 *
 * @param productId                     the partner-facing catalog id, e.g. {@code premium-saas-1y}
 * @param productName                   the catalog's display name
 * @param quantity                      seats (or units of an add-on)
 * @param termMonths                    the product's term in months
 * @param licensePlan                   the GitLab plan written into the license, e.g. {@code premium}
 * @param zuoraProductRatePlanId        the Zuora product rate plan to subscribe to
 * @param zuoraProductRatePlanChargeId  the per-unit recurring charge whose quantity is overridden
 * @param salesforceProductCode         the Salesforce Product2.ProductCode of the opportunity line
 * @param kind                          {@value #PLAN} for the subscription's base plan, {@value #ADD_ON} for an
 *                                      add-on; absent in events written before it existed
 */
public record OrderLine(
        String productId,
        String productName,
        int quantity,
        int termMonths,
        String licensePlan,
        String zuoraProductRatePlanId,
        String zuoraProductRatePlanChargeId,
        String salesforceProductCode,
        String kind) {

    public static final String PLAN = "plan";
    public static final String ADD_ON = "add_on";

    /** Whether this line is the subscription's base plan (its tier, its seats, its term). */
    @JsonIgnore
    public boolean isPlan() {
        return PLAN.equals(kind);
    }

    /**
     * The base plan among a subscription's lines: the line of kind {@value #PLAN}, or the first line in events
     * written before lines had a kind (their first line was the plan).
     */
    public static OrderLine basePlan(List<OrderLine> lines) {
        return lines.stream().filter(OrderLine::isPlan).findFirst().orElse(lines.get(0));
    }
}
