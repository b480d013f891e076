package com.gitlab.marketplace.zuora.service;

/** The kinds of durable steps the connector owes an order, in their order. */
public final class SubscriptionSteps {

    /** Create the customer's subscription in Zuora (once, whatever is retried). */
    public static final String CREATE = "zuora.create-subscription";
    /** Wait for the subscription to be active: Zuora's callout, or past its deadline a look-up of our own. */
    public static final String AWAIT_ACTIVATION = "zuora.await-activation";

    /** Zuora's word for an active subscription. */
    static final String ACTIVE = "Active";

    private SubscriptionSteps() {
    }
}
