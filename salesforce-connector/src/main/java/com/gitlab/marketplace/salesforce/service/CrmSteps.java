package com.gitlab.marketplace.salesforce.service;

/** The kinds of durable steps the connector owes an order. */
public final class CrmSteps {

    /** Make the order's records: account, contact, opportunity and its lines (once, whatever is retried). */
    public static final String RECORDS = "salesforce.records";
    /** Bring the opportunity's stage (and subscription number) in line with what Zuora did. */
    public static final String STAGE = "salesforce.stage";

    private CrmSteps() {
    }
}
