package com.gitlab.marketplace.zuora.repository;

import java.util.UUID;

/** What the connector did for one attempt of an order; see {@code zuora_order}. */
public record ZuoraOrder(UUID orderId, int attempt, State state, String subscriptionNumber, String accountNumber,
        String zuoraOrderNumber, String failureCode, String failureMessage, Boolean retryable) {

    public enum State { CALLING, CREATED, FAILED }
}
