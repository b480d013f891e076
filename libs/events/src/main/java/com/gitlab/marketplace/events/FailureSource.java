package com.gitlab.marketplace.events;

/** The values of {@link FailureEvent#source()}, as shown to partners in a failed order's errors. */
public final class FailureSource {

    public static final String ZUORA = "zuora";
    public static final String SALESFORCE = "salesforce";
    public static final String NOTIFICATION = "notification";

    private FailureSource() {
    }
}
