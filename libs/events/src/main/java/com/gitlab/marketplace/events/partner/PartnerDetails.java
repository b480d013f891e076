package com.gitlab.marketplace.events.partner;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import java.util.List;

/**
 * The full state of a marketplace partner, carried by every partner event so that consumers keep
 * a replica without calling token-service.
 *
 * @param partnerId                       the partner's stable id
 * @param name                            display name
 * @param zuoraInvoiceOwnerAccountNumber  the partner's Zuora account that is invoiced for its orders
 * @param salesforceDistributorAccountId  the partner's Salesforce distributor account id
 * @param permittedTradingPartnerIds      Salesforce trading-partner account ids the partner may order for
 * @param enabled                         whether the partner may place orders
 * @param revision                        increases with every change; a replica ignores a lower revision
 * @param rateLimit                       the partner's limits; absent in events written before limits existed,
 *                                        which therefore mean {@link RateLimit#DEFAULT}
 */
public record PartnerDetails(
        String partnerId,
        String name,
        String zuoraInvoiceOwnerAccountNumber,
        String salesforceDistributorAccountId,
        List<String> permittedTradingPartnerIds,
        boolean enabled,
        long revision,
        RateLimit rateLimit) {

    public PartnerDetails {
        requiredText(partnerId, "partner.partnerId");
        permittedTradingPartnerIds = List.copyOf(required(permittedTradingPartnerIds,
                "partner.permittedTradingPartnerIds"));
        rateLimit = rateLimit == null ? RateLimit.DEFAULT : rateLimit;
    }
}
