package com.gitlab.marketplace.events;

/**
 * A failure fact about an order. {@code retryable} tells whether an operator retry may succeed
 * (transient causes that exhausted their automatic retries) or the order cannot be fulfilled as is.
 */
public interface FailureEvent extends MarketplaceEvent {

    /** The failed step: {@code zuora}, {@code salesforce} or {@code notification}. */
    String source();

    /** A stable machine-readable code, e.g. the Zuora reason code or the Salesforce errorCode. */
    String code();

    /** A human-readable explanation for the partner and the operator. */
    String message();

    boolean retryable();
}
