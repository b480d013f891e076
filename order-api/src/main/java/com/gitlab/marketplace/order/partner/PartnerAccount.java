package com.gitlab.marketplace.order.partner;

import com.gitlab.marketplace.http.errors.ApiException;
import java.util.List;

/** What order-api knows of a partner (replica of token-service's registry). */
public record PartnerAccount(String partnerId, String name, String zuoraInvoiceOwnerAccountNumber,
        String salesforceDistributorAccountId, List<String> permittedTradingPartnerIds, boolean enabled,
        long revision) {

    public boolean permits(String tradingPartnerId) {
        return permittedTradingPartnerIds.contains(tradingPartnerId);
    }

    /** 403: a partner order-api does not know yet, or one an operator disabled, acts no more. */
    public static ApiException notEnabled(String partnerId) {
        return new ApiException(403, "partner_not_enabled", "partner '" + partnerId + "' is not enabled; if it was "
                + "just onboarded, retry in a few seconds");
    }
}
