package com.gitlab.marketplace.events.partner;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;

/**
 * An operator disabled or enabled an OAuth client. Services that verify its tokens themselves (order-api) refuse
 * a disabled client's tokens from then on, instead of at their expiry. {@code partnerId} is null for an operator
 * client. Keyed by the client id, so one client's changes stay in order; {@code occurredAt} orders them too.
 */
public record ClientUpdated(String clientId, String partnerId, boolean enabled, Instant occurredAt)
        implements MarketplaceEvent {

    public ClientUpdated {
        requiredText(clientId, "clientId");
        required(occurredAt, "occurredAt");
    }

    @Override
    public String subject() {
        return clientId;
    }
}
