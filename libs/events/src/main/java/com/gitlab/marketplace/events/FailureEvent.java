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

    /**
     * Which try of the order failed: 0 for the first, n for the work redone after the n-th
     * OrderRetryRequested (connectors echo its {@code attempt}). A failure of an attempt older than the
     * order's latest retry is history, not the order's state; comparing numbers, not clocks, keeps that
     * judgement right whatever the services' clocks say.
     */
    int attempt();
}
