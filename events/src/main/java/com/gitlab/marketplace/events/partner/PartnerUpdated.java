package com.gitlab.marketplace.events.partner;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;

/** An operator changed a partner; the payload is the partner's whole new state. */
public record PartnerUpdated(PartnerDetails partner, Instant occurredAt) implements MarketplaceEvent {

    @Override
    public String subject() {
        return partner.partnerId();
    }
}
