package com.gitlab.marketplace.token.rest.admin;

import com.gitlab.marketplace.events.partner.RateLimit;
import com.gitlab.marketplace.token.partner.PartnerFields;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * An operator's partner onboarding or change. {@code partnerId} may be chosen at registration (else one
 * is generated); {@code enabled} defaults to true; {@code rateLimit} to the documented defaults (API.md §2.8),
 * also when a change leaves it out, since a change replaces the partner's fields.
 */
public record PartnerRequest(
        @Pattern(regexp = "^[a-z0-9][a-z0-9_-]{2,63}$",
                message = "must be 3 to 64 lower-case letters, digits, '_' or '-'") String partnerId,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Pattern(regexp = "^[A-Za-z0-9-]{1,64}$",
                message = "must be a Zuora account number (letters, digits, '-')") String zuoraInvoiceOwnerAccountNumber,
        @NotBlank @Pattern(regexp = SALESFORCE_ID, message = SALESFORCE_ID_MESSAGE) String salesforceDistributorAccountId,
        @NotNull @Size(max = 500) List<@NotBlank @Pattern(regexp = SALESFORCE_ID,
                message = SALESFORCE_ID_MESSAGE) String> permittedTradingPartnerIds,
        Boolean enabled,
        @Valid RateLimitRequest rateLimit) {

    static final String SALESFORCE_ID = "^[A-Za-z0-9]{15,18}$";
    static final String SALESFORCE_ID_MESSAGE = "must be a Salesforce account id (15 to 18 letters or digits)";

    PartnerFields fields() {
        return new PartnerFields(name.trim(), zuoraInvoiceOwnerAccountNumber, salesforceDistributorAccountId,
                permittedTradingPartnerIds.stream().distinct().toList(), enabled == null || enabled,
                rateLimit == null ? RateLimit.DEFAULT : rateLimit.limits());
    }

    /** Calls a minute to the partner API; each field left out keeps its default. */
    public record RateLimitRequest(
            @Min(1) @Max(MAX_PER_MINUTE) Integer ordersPerMinute,
            @Min(1) @Max(MAX_PER_MINUTE) Integer readsPerMinute) {

        /** A million a minute: far above what one order-api serves, below anything that overflows a bucket. */
        static final int MAX_PER_MINUTE = 1_000_000;

        RateLimit limits() {
            return new RateLimit(ordersPerMinute == null ? RateLimit.DEFAULT.ordersPerMinute() : ordersPerMinute,
                    readsPerMinute == null ? RateLimit.DEFAULT.readsPerMinute() : readsPerMinute);
        }
    }
}
