package com.gitlab.marketplace.salesforce.service;

/** The kinds of durable steps the connector owes an order. */
public final class CrmSteps {

    /** Make the order's records: account, contact, opportunity and its lines (once, whatever is retried). */
    public static final String RECORDS = "salesforce.records";
    /** Bring the opportunity's stage (and subscription number) in line with what Zuora did. */
    public static final String STAGE = "salesforce.stage";
    /** Record a change Zuora made: its opportunity, or the cancellation on the order's (once per change). */
    public static final String CHANGE = "salesforce.change-records";

    private CrmSteps() {
    }
}
