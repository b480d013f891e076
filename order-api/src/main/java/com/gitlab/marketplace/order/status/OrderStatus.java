package com.gitlab.marketplace.order.status;

/** The documented statuses of an order, spelled as partners see them. */
public enum OrderStatus {
    Creating, Created, Failed, Provisioned
}
