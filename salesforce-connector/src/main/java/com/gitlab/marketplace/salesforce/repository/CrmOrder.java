package com.gitlab.marketplace.salesforce.repository;

import com.gitlab.marketplace.events.order.OrderPlaced;
import java.util.UUID;

/**
 * What the connector knows of one order (table {@code crm_order}).
 *
 * @param zuoraOutcome  what Zuora did: {@link #BILLED}, {@link #REFUSED}, or null while unknown
 * @param stageWritten  the stage last written to the opportunity: {@link #OPEN}, {@link #WON} or {@link #LOST}
 */
public record CrmOrder(UUID orderId, OrderPlaced placed, int attempt, String accountId, String contactId,
        String opportunityId, Integer failedAttempt, String zuoraOutcome, String subscriptionNumber,
        String stageWritten) {

    public static final String BILLED = "billed";
    public static final String REFUSED = "refused";
    public static final String OPEN = "open";
    public static final String WON = "won";
    public static final String LOST = "lost";

    /** The order's records exist in Salesforce. */
    public boolean synced() {
        return opportunityId != null;
    }

    /** Salesforce refused the current attempt for good. */
    public boolean failed() {
        return failedAttempt != null && failedAttempt == attempt;
    }

    /** The opportunity's stage as what Zuora did implies it: won once billed, lost when refused, else open. */
    public String stageDue() {
        return BILLED.equals(zuoraOutcome) ? WON : REFUSED.equals(zuoraOutcome) ? LOST : OPEN;
    }
}
