package com.gitlab.marketplace.events.notification;

import static com.gitlab.marketplace.events.EventFields.required;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;
import java.util.UUID;

/** The customer's license was issued and emailed to the order's contact. */
public record LicenseNotificationSent(UUID orderId, String subscriptionNumber, String licenseId, String recipient,
        Instant occurredAt) implements MarketplaceEvent {

    public LicenseNotificationSent {
        required(orderId, "orderId");
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
