package com.gitlab.marketplace.salesforce.service;

import com.gitlab.marketplace.events.order.Address;
import com.gitlab.marketplace.events.order.Contact;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
import com.gitlab.marketplace.salesforce.repository.CrmOrder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The composite request that makes an order's records, every one an upsert by an external id derived from
 * the order, so a repeat updates instead of duplicating: the customer Account, its Contact, the Opportunity
 * (linked to the distributor and the trading partner, with the external subscription id and, when known,
 * the Zuora subscription number), and one OpportunityLineItem per order line.
 */
final class OrderRecords {

    static final String ORDER_ID_FIELD = "Marketplace_Order_Id__c";
    static final String LINE_ID_FIELD = "Marketplace_Line_Id__c";
    static final String CHANGE_ID_FIELD = "Marketplace_Change_Id__c";

    private OrderRecords() {
    }

    /**
     * @param customerRecordType the Account record type of customers
     * @param pricebookId        the standard price book
     * @param pricebookEntries   the price book entry of each order line, in line order
     */
    static JsonArray upserts(String apiVersion, OrderPlaced order, String customerRecordType, String pricebookId,
            List<String> pricebookEntries, String subscriptionNumber, String stage) {
        String sobjects = "/services/data/" + apiVersion + "/sobjects/";
        String orderId = order.orderId().toString();
        Contact contact = order.customer().contact();
        Address address = order.customer().address();

        JsonObject account = new JsonObject().put("Name", order.customer().companyName())
                .put("RecordTypeId", customerRecordType).put("BillingCountry", address.country());
        putIfPresent(account, "BillingStreet", address.address2() == null ? address.address1()
                : address.address1() + "\n" + address.address2());
        putIfPresent(account, "BillingCity", address.city());
        putIfPresent(account, "BillingState", address.state());
        putIfPresent(account, "BillingPostalCode", address.postalCode());
        putIfPresent(account, "Phone", contact.phone());

        JsonObject person = new JsonObject().put("FirstName", contact.firstName()).put("LastName", contact.lastName())
                .put("Email", contact.email()).put("AccountId", "@{account.id}");
        putIfPresent(person, "Phone", contact.phone());

        JsonObject opportunity = new JsonObject()
                .put("Name", order.customer().companyName() + " - " + order.externalSubscriptionId())
                .put("StageName", stage)
                .put("CloseDate", LocalDate.ofInstant(order.occurredAt(), ZoneOffset.UTC).toString())
                .put("AccountId", "@{account.id}")
                .put("Distributor__c", order.salesforceDistributorAccountId())
                .put("Trading_Partner__c", order.tradingPartnerId())
                .put("External_Subscription_Id__c", order.externalSubscriptionId())
                .put("Pricebook2Id", pricebookId);
        putIfPresent(opportunity, "Zuora_Subscription_Number__c", subscriptionNumber);

        JsonArray requests = new JsonArray()
                .add(upsert(sobjects + "Account/" + ORDER_ID_FIELD + "/" + orderId, "account", account))
                .add(upsert(sobjects + "Contact/" + ORDER_ID_FIELD + "/" + orderId, "contact", person))
                .add(upsert(sobjects + "Opportunity/" + ORDER_ID_FIELD + "/" + orderId, "opportunity", opportunity));
        for (int i = 0; i < order.orderLines().size(); i++) {
            OrderLine line = order.orderLines().get(i);
            requests.add(upsert(sobjects + "OpportunityLineItem/" + LINE_ID_FIELD + "/" + orderId + "-" + (i + 1),
                    "line" + (i + 1), new JsonObject().put("OpportunityId", "@{opportunity.id}")
                            .put("PricebookEntryId", pricebookEntries.get(i)).put("Quantity", line.quantity())));
        }
        return requests;
    }

    /**
     * Writes the stage (and, once known, the Zuora subscription number) on the order's opportunity: an upsert,
     * so it updates and a repeat changes nothing.
     */
    static JsonArray stage(String apiVersion, UUID orderId, String stage, String subscriptionNumber) {
        JsonObject opportunity = new JsonObject().put("StageName", stage);
        putIfPresent(opportunity, "Zuora_Subscription_Number__c", subscriptionNumber);
        return new JsonArray().add(upsert("/services/data/" + apiVersion + "/sobjects/Opportunity/" + ORDER_ID_FIELD
                + "/" + orderId, "opportunity", opportunity));
    }

    /**
     * A change Zuora made as its own opportunity on the customer's account, upserted by the change id: more seats
     * or an add-on ({@code Add-On Business}) or a renewal ({@code Renewal}), won, with the subscription's lines as
     * the change left them.
     */
    static JsonArray changeUpserts(String apiVersion, CrmOrder order, ZuoraSubscriptionChanged change,
            String pricebookId, List<String> pricebookEntries, String stage) {
        String sobjects = "/services/data/" + apiVersion + "/sobjects/";
        OrderPlaced placed = order.placed();
        String changeId = change.changeId().toString();
        boolean renewal = "renew".equals(change.action());
        JsonObject opportunity = new JsonObject()
                .put("Name", placed.customer().companyName() + " - " + placed.externalSubscriptionId() + " - "
                        + (renewal ? "renewal" : "more seats") + " (" + change.subscriptionNumber() + " v"
                        + change.version() + ")")
                .put("Type", renewal ? "Renewal" : "Add-On Business")
                .put("StageName", stage)
                .put("CloseDate", LocalDate.ofInstant(change.occurredAt(), ZoneOffset.UTC).toString())
                .put("AccountId", order.accountId())
                .put("Distributor__c", placed.salesforceDistributorAccountId())
                .put("Trading_Partner__c", placed.tradingPartnerId())
                .put("External_Subscription_Id__c", placed.externalSubscriptionId())
                .put("Zuora_Subscription_Number__c", change.subscriptionNumber())
                .put("Pricebook2Id", pricebookId);
        // Not the order's id: that external id names the order's own opportunity, and upserts by it must find one.
        JsonArray requests = new JsonArray().add(upsert(sobjects + "Opportunity/" + CHANGE_ID_FIELD + "/" + changeId,
                "opportunity", opportunity));
        for (int i = 0; i < change.orderLines().size(); i++) {
            requests.add(upsert(sobjects + "OpportunityLineItem/" + LINE_ID_FIELD + "/" + changeId + "-" + (i + 1),
                    "line" + (i + 1), new JsonObject().put("OpportunityId", "@{opportunity.id}")
                            .put("PricebookEntryId", pricebookEntries.get(i))
                            .put("Quantity", change.orderLines().get(i).quantity())));
        }
        return requests;
    }

    /** A cancellation stamped on the order's opportunity: when, and the day the subscription ends. */
    static JsonArray cancellation(String apiVersion, ZuoraSubscriptionChanged change) {
        JsonObject opportunity = new JsonObject()
                .put("Cancelled_At__c", String.valueOf(change.cancelledAt() != null ? change.cancelledAt()
                        : change.occurredAt()))
                .put("Subscription_End_Date__c", String.valueOf(change.termEndDate()));
        return new JsonArray().add(upsert("/services/data/" + apiVersion + "/sobjects/Opportunity/" + ORDER_ID_FIELD
                + "/" + change.orderId(), "opportunity", opportunity));
    }

    private static JsonObject upsert(String url, String referenceId, JsonObject body) {
        return new JsonObject().put("method", "PATCH").put("url", url).put("referenceId", referenceId).put("body", body);
    }

    private static void putIfPresent(JsonObject json, String field, String value) {
        if (value != null && !value.isBlank()) {
            json.put(field, value);
        }
    }
}
