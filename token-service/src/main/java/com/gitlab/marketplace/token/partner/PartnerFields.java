package com.gitlab.marketplace.token.partner;

import com.gitlab.marketplace.events.partner.RateLimit;
import java.util.List;

/** The operator-editable fields of a partner, already validated. */
public record PartnerFields(String name, String zuoraInvoiceOwnerAccountNumber, String salesforceDistributorAccountId,
        List<String> permittedTradingPartnerIds, boolean enabled, RateLimit rateLimit) {

    public PartnerFields {
        permittedTradingPartnerIds = List.copyOf(permittedTradingPartnerIds);
    }
}
