package com.gitlab.marketplace.events;

import com.gitlab.marketplace.events.notification.LicenseNotificationFailed;
import com.gitlab.marketplace.events.notification.LicenseNotificationSent;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.order.OrderRedriveRequested;
import com.gitlab.marketplace.events.order.OrderRetryRequested;
import com.gitlab.marketplace.events.order.SubscriptionChangeRequested;
import com.gitlab.marketplace.events.partner.PartnerRegistered;
import com.gitlab.marketplace.events.partner.ClientUpdated;
import com.gitlab.marketplace.events.partner.PartnerUpdated;
import com.gitlab.marketplace.events.salesforce.SalesforceRecordsCreated;
import com.gitlab.marketplace.events.salesforce.SalesforceSyncFailed;
import com.gitlab.marketplace.events.zuora.ZuoraCalloutReceived;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionActivated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChangeFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionStuck;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event of the platform: its CloudEvents type ({@code ce_type}), the topic it travels on and its
 * payload record. Types are versioned ({@code .v1}); an incompatible change gets a new type.
 */
public enum EventType {
    PARTNER_REGISTERED("com.gitlab.marketplace.partner.registered.v1", Topics.PARTNER_EVENTS, PartnerRegistered.class),
    PARTNER_UPDATED("com.gitlab.marketplace.partner.updated.v1", Topics.PARTNER_EVENTS, PartnerUpdated.class),
    CLIENT_UPDATED("com.gitlab.marketplace.partner.client-updated.v1", Topics.PARTNER_EVENTS, ClientUpdated.class),

    ORDER_PLACED("com.gitlab.marketplace.order.placed.v1", Topics.ORDER_EVENTS, OrderPlaced.class),
    ORDER_RETRY_REQUESTED("com.gitlab.marketplace.order.retry-requested.v1", Topics.ORDER_EVENTS,
            OrderRetryRequested.class),
    ORDER_REDRIVE_REQUESTED("com.gitlab.marketplace.order.redrive-requested.v1", Topics.ORDER_EVENTS,
            OrderRedriveRequested.class),
    SUBSCRIPTION_CHANGE_REQUESTED("com.gitlab.marketplace.order.change-requested.v1", Topics.ORDER_EVENTS,
            SubscriptionChangeRequested.class),

    ZUORA_SUBSCRIPTION_CREATED("com.gitlab.marketplace.zuora.subscription-created.v1", Topics.ZUORA_EVENTS,
            ZuoraSubscriptionCreated.class),
    ZUORA_SUBSCRIPTION_FAILED("com.gitlab.marketplace.zuora.subscription-failed.v1", Topics.ZUORA_EVENTS,
            ZuoraSubscriptionFailed.class),
    ZUORA_CALLOUT_RECEIVED("com.gitlab.marketplace.zuora.callout-received.v1", Topics.ZUORA_EVENTS,
            ZuoraCalloutReceived.class),
    ZUORA_SUBSCRIPTION_ACTIVATED("com.gitlab.marketplace.zuora.subscription-activated.v1", Topics.ZUORA_EVENTS,
            ZuoraSubscriptionActivated.class),
    ZUORA_SUBSCRIPTION_CHANGED("com.gitlab.marketplace.zuora.subscription-changed.v1", Topics.ZUORA_EVENTS,
            ZuoraSubscriptionChanged.class),
    ZUORA_SUBSCRIPTION_CHANGE_FAILED("com.gitlab.marketplace.zuora.subscription-change-failed.v1", Topics.ZUORA_EVENTS,
            ZuoraSubscriptionChangeFailed.class),
    ZUORA_SUBSCRIPTION_STUCK("com.gitlab.marketplace.zuora.subscription-stuck.v1", Topics.ZUORA_EVENTS,
            ZuoraSubscriptionStuck.class),

    SALESFORCE_RECORDS_CREATED("com.gitlab.marketplace.salesforce.records-created.v1", Topics.SALESFORCE_EVENTS,
            SalesforceRecordsCreated.class),
    SALESFORCE_SYNC_FAILED("com.gitlab.marketplace.salesforce.sync-failed.v1", Topics.SALESFORCE_EVENTS,
            SalesforceSyncFailed.class),

    LICENSE_NOTIFICATION_SENT("com.gitlab.marketplace.notification.license-sent.v1", Topics.NOTIFICATION_EVENTS,
            LicenseNotificationSent.class),
    LICENSE_NOTIFICATION_FAILED("com.gitlab.marketplace.notification.license-failed.v1", Topics.NOTIFICATION_EVENTS,
            LicenseNotificationFailed.class);

    private static final Map<String, EventType> BY_CE_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));
    private static final Map<Class<?>, EventType> BY_PAYLOAD = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::payloadType, Function.identity()));

    private final String ceType;
    private final String topic;
    private final Class<? extends MarketplaceEvent> payloadType;

    EventType(String ceType, String topic, Class<? extends MarketplaceEvent> payloadType) {
        this.ceType = ceType;
        this.topic = topic;
        this.payloadType = payloadType;
    }

    public String ceType() {
        return ceType;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends MarketplaceEvent> payloadType() {
        return payloadType;
    }

    /** The event type named by a {@code ce_type} header; empty for a type this contract does not know. */
    public static Optional<EventType> ofCeType(String ceType) {
        return Optional.ofNullable(BY_CE_TYPE.get(ceType));
    }

    /** The event type whose payload is {@code payload}. */
    public static EventType of(MarketplaceEvent payload) {
        EventType type = BY_PAYLOAD.get(payload.getClass());
        if (type == null) {
            throw new IllegalArgumentException("not an event payload of the contract: " + payload.getClass());
        }
        return type;
    }
}
