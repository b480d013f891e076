package com.gitlab.marketplace.events;

import java.util.List;

/**
 * Kafka topic names of the platform. Each topic has exactly one service whose events it carries (see
 * ARCHITECTURE.md); the only other writer is order-api's dead-letter replay, which puts back a record that
 * service wrote, unchanged. No service spells a topic name of its own.
 */
public final class Topics {

    /** Written by token-service: partner registry changes keyed by partner id, client changes by client id. */
    public static final String PARTNER_EVENTS = "marketplace.partner.events";
    /** Written by order-api through its outbox: orders and operator retries, keyed by order id. */
    public static final String ORDER_EVENTS = "marketplace.order.events";
    /** Written by zuora-connector: subscription results and Zuora callouts, keyed by order id. */
    public static final String ZUORA_EVENTS = "marketplace.zuora.events";
    /** Written by salesforce-connector: CRM sync results, keyed by order id. */
    public static final String SALESFORCE_EVENTS = "marketplace.salesforce.events";
    /** Written by notification-service: license email results, keyed by order id. */
    public static final String NOTIFICATION_EVENTS = "marketplace.notification.events";

    /** Every topic of the platform, each with its dead-letter topic beside it. */
    public static final List<String> ALL = List.of(PARTNER_EVENTS, ORDER_EVENTS, ZUORA_EVENTS, SALESFORCE_EVENTS,
            NOTIFICATION_EVENTS);

    private static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}, where poison messages go with the error in headers. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
