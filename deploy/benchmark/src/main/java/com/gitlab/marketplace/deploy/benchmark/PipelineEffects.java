package com.gitlab.marketplace.deploy.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.gitlab.marketplace.deploy.local.LocalStack;
import com.gitlab.marketplace.deploy.local.StackClient;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each order's effects landed, counted in the sandboxes and at the SMTP server: how many orders got
 * exactly one of each, and how many got more than one (a duplicate effect) or none.
 */
record PipelineEffects(int orders, int oneSubscription, int oneOpportunity, int oneEmail, int duplicated,
        int missing) {

    /**
     * The effects of a phase's orders (those answered, in {@code byOrderId}), counted where they land; an email
     * is matched to its order by its recipient, the order's own customer email ({@code emailToOrder}).
     */
    static PipelineEffects count(LocalStack stack, StackClient client, Map<String, OrderTimes> byOrderId,
            Map<String, String> emailToOrder) {
        Map<String, Integer> subscriptions = new HashMap<>();
        for (JsonNode subscription : client.plain("GET", stack.zuoraSandboxUrl() + "/sandbox/subscriptions", null)) {
            JsonNode orderId = subscription.findValue("MarketplaceOrderId__c");
            if (orderId != null) {
                subscriptions.merge(orderId.asText(), 1, Integer::sum);
            }
        }
        Map<String, Integer> opportunities = new HashMap<>();
        for (JsonNode opportunity : client.plain("GET", stack.salesforceSandboxUrl()
                + "/sandbox/records/Opportunity", null)) {
            opportunities.merge(opportunity.path("Marketplace_Order_Id__c").asText(), 1, Integer::sum);
        }
        Map<String, Integer> emails = new HashMap<>();
        for (MimeMessage message : stack.smtp().receivedMessages()) {
            try {
                for (Address recipient : message.getAllRecipients()) {
                    String orderId = emailToOrder.get(recipient.toString());
                    if (orderId != null) {
                        emails.merge(orderId, 1, Integer::sum);
                    }
                }
            } catch (MessagingException unreadable) {
                // Not one of ours.
            }
        }
        int orders = 0;
        int oneSubscription = 0;
        int oneOpportunity = 0;
        int oneEmail = 0;
        int duplicated = 0;
        int missing = 0;
        for (var order : byOrderId.entrySet()) {
            if (order.getValue().scheduledAt == 0) {
                continue;
            }
            orders++;
            List<Integer> counts = List.of(subscriptions.getOrDefault(order.getKey(), 0),
                    opportunities.getOrDefault(order.getKey(), 0), emails.getOrDefault(order.getKey(), 0));
            oneSubscription += counts.get(0) == 1 ? 1 : 0;
            oneOpportunity += counts.get(1) == 1 ? 1 : 0;
            oneEmail += counts.get(2) == 1 ? 1 : 0;
            duplicated += counts.stream().anyMatch(n -> n > 1) ? 1 : 0;
            missing += counts.stream().anyMatch(n -> n == 0) ? 1 : 0;
        }
        return new PipelineEffects(orders, oneSubscription, oneOpportunity, oneEmail, duplicated, missing);
    }

    boolean exact() {
        return oneSubscription == orders && oneOpportunity == orders && oneEmail == orders;
    }

    @Override
    public String toString() {
        return String.format("%d orders: exactly one subscription %d, one opportunity %d, one email %d; "
                + "duplicated %d, missing %d", orders, oneSubscription, oneOpportunity, oneEmail, duplicated,
                missing);
    }
}
