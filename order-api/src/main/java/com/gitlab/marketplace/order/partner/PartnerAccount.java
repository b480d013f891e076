package com.gitlab.marketplace.order.partner;

import java.util.List;

/** What order-api knows of a partner (replica of token-service's registry). */
public record PartnerAccount(String partnerId, String name, String zuoraInvoiceOwnerAccountNumber,
        String salesforceDistributorAccountId, List<String> permittedTradingPartnerIds, boolean enabled,
        long revision) {

    public boolean permits(String tradingPartnerId) {
        return permittedTradingPartnerIds.contains(tradingPartnerId);
    }
}
