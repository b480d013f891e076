package com.gitlab.marketplace.events.partner;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;

/** An operator onboarded a new partner. */
public record PartnerRegistered(PartnerDetails partner, Instant occurredAt) implements MarketplaceEvent {

    @Override
    public String subject() {
        return partner.partnerId();
    }
}
