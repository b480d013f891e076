package com.gitlab.marketplace.sandbox.salesforce;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sObjects the sandbox knows, with the checks Salesforce applies on save: fields that must be set,
 * lookups that must point at a record of the right type, email fields, and external-id fields (upsert keys).
 */
final class Schema {

    /** One object's fields; {@code references} maps a lookup field to the object it points at. */
    record ObjectType(String name, String idPrefix, Set<String> fields, List<String> required,
            Map<String, String> references, Set<String> emailFields, Set<String> externalIds) {

        boolean hasField(String field) {
            return "Id".equals(field) || fields.contains(field);
        }
    }

    private static final Map<String, ObjectType> TYPES = Map.of(
            "Account", new ObjectType("Account", "001",
                    Set.of("Name", "RecordTypeId", "Marketplace_Order_Id__c", "BillingStreet", "BillingCity",
                            "BillingState", "BillingPostalCode", "BillingCountry", "Phone"),
                    List.of("Name"), Map.of("RecordTypeId", "RecordType"), Set.of(), Set.of("Marketplace_Order_Id__c")),
            "Contact", new ObjectType("Contact", "003",
                    Set.of("FirstName", "LastName", "Email", "Phone", "AccountId", "Marketplace_Order_Id__c"),
                    List.of("LastName"), Map.of("AccountId", "Account"), Set.of("Email"),
                    Set.of("Marketplace_Order_Id__c")),
            "Opportunity", new ObjectType("Opportunity", "006",
                    Set.of("Name", "StageName", "CloseDate", "AccountId", "Distributor__c", "Trading_Partner__c",
                            "External_Subscription_Id__c", "Zuora_Subscription_Number__c", "Pricebook2Id",
                            "Marketplace_Order_Id__c", "Type", "Marketplace_Change_Id__c", "Cancelled_At__c",
                            "Subscription_End_Date__c"),
                    List.of("Name", "StageName", "CloseDate"),
                    Map.of("AccountId", "Account", "Distributor__c", "Account", "Trading_Partner__c", "Account",
                            "Pricebook2Id", "Pricebook2"),
                    Set.of(), Set.of("Marketplace_Order_Id__c", "Marketplace_Change_Id__c")),
            "OpportunityLineItem", new ObjectType("OpportunityLineItem", "00k",
                    Set.of("OpportunityId", "PricebookEntryId", "Quantity", "UnitPrice", "TotalPrice",
                            "Marketplace_Line_Id__c"),
                    List.of("OpportunityId", "PricebookEntryId", "Quantity"),
                    Map.of("OpportunityId", "Opportunity", "PricebookEntryId", "PricebookEntry"), Set.of(),
                    Set.of("Marketplace_Line_Id__c")),
            "Product2", new ObjectType("Product2", "01t", Set.of("Name", "ProductCode", "IsActive"), List.of("Name"),
                    Map.of(), Set.of(), Set.of()),
            "Pricebook2", new ObjectType("Pricebook2", "01s", Set.of("Name", "IsStandard", "IsActive"),
                    List.of("Name"), Map.of(), Set.of(), Set.of()),
            "PricebookEntry", new ObjectType("PricebookEntry", "01u",
                    Set.of("Product2Id", "Pricebook2Id", "UnitPrice", "ProductCode", "IsActive"),
                    List.of("Product2Id", "Pricebook2Id", "UnitPrice"),
                    Map.of("Product2Id", "Product2", "Pricebook2Id", "Pricebook2"), Set.of(), Set.of()),
            "RecordType", new ObjectType("RecordType", "012", Set.of("SobjectType", "DeveloperName", "Name"),
                    List.of("DeveloperName"), Map.of(), Set.of(), Set.of()));

    private Schema() {
    }

    static Optional<ObjectType> type(String name) {
        return Optional.ofNullable(TYPES.get(name));
    }

    static ObjectType require(String name) {
        return type(name).orElseThrow(() -> SalesforceError.invalidType(name));
    }
}
