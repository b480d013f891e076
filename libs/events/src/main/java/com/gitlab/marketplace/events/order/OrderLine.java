package com.gitlab.marketplace.events.order;

/**
 * One order line, resolved against the product catalog so that connectors need no catalog of their own.
 *
 * @param productId                     the partner-facing catalog id, e.g. {@code premium-saas-1y}
 * @param productName                   the catalog's display name
 * @param quantity                      seats (or units of an add-on)
 * @param termMonths                    the subscription's initial term in months
 * @param licensePlan                   the GitLab plan written into the license, e.g. {@code premium}
 * @param zuoraProductRatePlanId        the Zuora product rate plan to subscribe to
 * @param zuoraProductRatePlanChargeId  the per-unit recurring charge whose quantity is overridden
 * @param salesforceProductCode         the Salesforce Product2.ProductCode of the opportunity line
 */
public record OrderLine(
        String productId,
        String productName,
        int quantity,
        int termMonths,
        String licensePlan,
        String zuoraProductRatePlanId,
        String zuoraProductRatePlanChargeId,
        String salesforceProductCode) {
}
