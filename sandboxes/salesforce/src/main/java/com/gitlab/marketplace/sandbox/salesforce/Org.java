package com.gitlab.marketplace.sandbox.salesforce;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The org's records in memory, per sObject type, with Salesforce's save rules ({@link Schema}) and 18-character
 * ids. Not thread-safe on its own: the sandbox runs every request on one event loop.
 */
final class Org {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private Map<String, Map<String, JsonObject>> records = new LinkedHashMap<>();
    private long nextId;

    Org() {
        reset();
    }

    void reset() {
        records = new LinkedHashMap<>();
        nextId = 1000;
        JsonObject seed;
        try (InputStream in = Org.class.getResourceAsStream("/salesforce-sandbox-seed.json")) {
            seed = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        seed.getJsonArray("recordTypes").forEach(r -> put("RecordType", ((JsonObject) r).copy()));
        seed.getJsonArray("accounts").forEach(a -> put("Account", ((JsonObject) a).copy()));
        JsonObject pricebook = seed.getJsonObject("pricebook").copy();
        put("Pricebook2", pricebook);
        for (Object item : seed.getJsonArray("products")) {
            JsonObject product = (JsonObject) item;
            String productId = newId("Product2");
            put("Product2", new JsonObject().put("Id", productId).put("Name", product.getString("Name"))
                    .put("ProductCode", product.getString("ProductCode")).put("IsActive", true));
            put("PricebookEntry", new JsonObject().put("Id", newId("PricebookEntry")).put("Product2Id", productId)
                    .put("Pricebook2Id", pricebook.getString("Id")).put("UnitPrice", product.getDouble("UnitPrice"))
                    .put("ProductCode", product.getString("ProductCode")).put("IsActive", true));
        }
    }

    /** A deep copy, to roll an all-or-none request back to. */
    Map<String, Map<String, JsonObject>> snapshot() {
        Map<String, Map<String, JsonObject>> copy = new LinkedHashMap<>();
        records.forEach((type, byId) -> {
            Map<String, JsonObject> objects = new LinkedHashMap<>();
            byId.forEach((id, record) -> objects.put(id, record.copy()));
            copy.put(type, objects);
        });
        return copy;
    }

    void restore(Map<String, Map<String, JsonObject>> snapshot) {
        records = snapshot;
    }

    Optional<JsonObject> find(String type, String id) {
        return Optional.ofNullable(records.getOrDefault(type, Map.of()).get(id)).map(JsonObject::copy);
    }

    List<JsonObject> all(String type) {
        return records.getOrDefault(type, Map.of()).values().stream().map(JsonObject::copy).toList();
    }

    /** Creates a record; returns its id. */
    String create(String typeName, JsonObject fields) {
        Schema.ObjectType type = Schema.require(typeName);
        JsonObject record = fields.copy();
        record.remove("Id");
        check(type, record, true);
        String id = newId(typeName);
        put(typeName, record.put("Id", id));
        derive(type, record);
        return id;
    }

    void update(String typeName, String id, JsonObject fields) {
        Schema.ObjectType type = Schema.require(typeName);
        JsonObject existing = find(typeName, id).orElseThrow(SalesforceError::notFound);
        JsonObject changes = fields.copy();
        changes.remove("Id");
        check(type, changes, false);
        JsonObject merged = existing.mergeIn(changes);
        put(typeName, merged);
        derive(type, merged);
    }

    /**
     * An administrator's fix in the org's setup: the record with this id, as given (created, or replaced).
     * Only the object type is checked: an administrator may put what the API's save rules would refuse.
     */
    void administer(String typeName, String id, JsonObject fields) {
        Schema.require(typeName);
        put(typeName, fields.copy().put("Id", id));
    }

    /** Records whose {@code field} equals {@code value}. */
    List<JsonObject> where(String type, String field, String value) {
        List<JsonObject> matches = new ArrayList<>();
        for (JsonObject record : records.getOrDefault(type, Map.of()).values()) {
            if (value.equals(String.valueOf(record.getValue(field)))) {
                matches.add(record.copy());
            }
        }
        return matches;
    }

    JsonArray describe(String type) {
        return new JsonArray(all(type));
    }

    private void check(Schema.ObjectType type, JsonObject record, boolean creating) {
        for (String field : record.fieldNames()) {
            if (!type.hasField(field)) {
                throw SalesforceError.invalidField(type.name(), field);
            }
        }
        List<String> missing = type.required().stream()
                .filter(field -> creating ? blank(record.getValue(field)) : record.containsKey(field)
                        && blank(record.getValue(field)))
                .toList();
        if (!missing.isEmpty()) {
            throw SalesforceError.requiredFieldMissing(type.name(), missing);
        }
        type.references().forEach((field, target) -> {
            Object id = record.getValue(field);
            if (id != null && find(target, String.valueOf(id)).isEmpty()) {
                throw SalesforceError.invalidCrossReference(field, id);
            }
        });
        for (String field : type.emailFields()) {
            Object email = record.getValue(field);
            if (email != null && !EMAIL.matcher(String.valueOf(email)).matches()) {
                throw SalesforceError.invalidEmail(field, email);
            }
        }
        if ("OpportunityLineItem".equals(type.name())) {
            checkLineItem(record, creating);
        }
    }

    private void checkLineItem(JsonObject line, boolean creating) {
        Object quantity = line.getValue("Quantity");
        if (quantity != null && (!(quantity instanceof Number number) || number.doubleValue() <= 0)) {
            throw SalesforceError.fieldIntegrity("Quantity", "must be greater than zero");
        }
        if (creating) {
            JsonObject entry = find("PricebookEntry", line.getString("PricebookEntryId")).orElseThrow();
            JsonObject opportunity = find("Opportunity", line.getString("OpportunityId")).orElseThrow();
            String pricebook = opportunity.getString("Pricebook2Id");
            if (pricebook != null && !pricebook.equals(entry.getString("Pricebook2Id"))) {
                throw SalesforceError.fieldIntegrity("PricebookEntryId",
                        "pricebook entry is in a different pricebook than the one assigned to the opportunity");
            }
        }
    }

    /** Fields Salesforce fills in itself: a line's price from its price book entry, and its total. */
    private void derive(Schema.ObjectType type, JsonObject record) {
        if ("OpportunityLineItem".equals(type.name())) {
            JsonObject entry = find("PricebookEntry", record.getString("PricebookEntryId")).orElseThrow();
            double unitPrice = record.getDouble("UnitPrice", entry.getDouble("UnitPrice"));
            record.put("UnitPrice", unitPrice).put("TotalPrice", unitPrice * record.getDouble("Quantity"));
            put(type.name(), record);
        }
    }

    private void put(String type, JsonObject record) {
        records.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(record.getString("Id"), record);
    }

    private String newId(String type) {
        String prefix = Schema.require(type).idPrefix();
        String body = String.format("8X%010d", nextId++);
        return prefix + body + "AAA";
    }

    private static boolean blank(Object value) {
        return value == null || value instanceof String s && s.isBlank();
    }
}
