package com.gitlab.marketplace.events;

/** The producing services, as they appear in the CloudEvents {@code ce_source} header. */
public enum EventSource {
    TOKEN_SERVICE("/marketplace/token-service"),
    ORDER_API("/marketplace/order-api"),
    ZUORA_CONNECTOR("/marketplace/zuora-connector"),
    SALESFORCE_CONNECTOR("/marketplace/salesforce-connector"),
    NOTIFICATION_SERVICE("/marketplace/notification-service");

    private final String uri;

    EventSource(String uri) {
        this.uri = uri;
    }

    /** The value of the {@code ce_source} header. */
    public String uri() {
        return uri;
    }
}
