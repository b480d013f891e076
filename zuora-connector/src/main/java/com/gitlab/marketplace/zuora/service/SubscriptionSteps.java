package com.gitlab.marketplace.zuora.service;

/** The kinds of durable steps the connector owes an order, in their order. */
public final class SubscriptionSteps {

    /** Create the customer's subscription in Zuora (once, whatever is retried). */
    public static final String CREATE = "zuora.create-subscription";
    /** Wait for the subscription to be active: Zuora's callout, or past its deadline a look-up of our own. */
    public static final String AWAIT_ACTIVATION = "zuora.await-activation";
    /** Make a partner's change to the subscription (once, whatever is retried); one step per change. */
    public static final String CHANGE = "zuora.change-subscription";

    /** Zuora's word for an active subscription. */
    static final String ACTIVE = "Active";

    private SubscriptionSteps() {
    }
}
