package com.gitlab.marketplace.events.partner;

import static com.gitlab.marketplace.events.EventFields.required;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;

/** An operator onboarded a new partner. */
public record PartnerRegistered(PartnerDetails partner, Instant occurredAt) implements MarketplaceEvent {

    public PartnerRegistered {
        required(partner, "partner");
    }

    @Override
    public String subject() {
        return partner.partnerId();
    }
}
