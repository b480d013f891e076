package com.gitlab.marketplace.token.partner;

import com.gitlab.marketplace.events.partner.PartnerDetails;
import com.gitlab.marketplace.events.partner.RateLimit;
import java.time.Instant;
import java.util.List;

/** A marketplace partner as token-service keeps it; {@link #details()} is what partner events carry. */
public record Partner(
        String partnerId,
        String name,
        String zuoraInvoiceOwnerAccountNumber,
        String salesforceDistributorAccountId,
        List<String> permittedTradingPartnerIds,
        boolean enabled,
        long revision,
        RateLimit rateLimit,
        Instant createdAt,
        Instant updatedAt) {

    public PartnerDetails details() {
        return new PartnerDetails(partnerId, name, zuoraInvoiceOwnerAccountNumber, salesforceDistributorAccountId,
                permittedTradingPartnerIds, enabled, revision, rateLimit);
    }
}
