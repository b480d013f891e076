package com.gitlab.marketplace.events.partner;

import static com.gitlab.marketplace.events.EventFields.required;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;

/** An operator changed a partner; the payload is the partner's whole new state. */
public record PartnerUpdated(PartnerDetails partner, Instant occurredAt) implements MarketplaceEvent {

    public PartnerUpdated {
        required(partner, "partner");
    }

    @Override
    public String subject() {
        return partner.partnerId();
    }
}
