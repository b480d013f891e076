package com.gitlab.marketplace.events.salesforce;

import static com.gitlab.marketplace.events.EventFields.required;

import com.gitlab.marketplace.events.MarketplaceEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The order's Salesforce records exist (Account, Contact, Opportunity and its lines).
 * {@code zuoraSubscriptionNumber} is null until the Zuora subscription was stamped on the opportunity.
 */
public record SalesforceRecordsCreated(UUID orderId, String accountId, String contactId, String opportunityId,
        String zuoraSubscriptionNumber, Instant occurredAt) implements MarketplaceEvent {

    public SalesforceRecordsCreated {
        required(orderId, "orderId");
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
