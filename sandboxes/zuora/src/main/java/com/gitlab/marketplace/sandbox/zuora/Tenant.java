package com.gitlab.marketplace.sandbox.zuora;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant's billing data in memory: accounts, subscriptions and orders, numbered as Zuora numbers them
 * ({@code A00000001}, {@code A-S00000001}, {@code O-00000001}). Thread-safe by synchronisation; the
 * sandbox is a test double, not a database.
 */
final class Tenant {

    private final Clock clock = Clock.systemUTC();
    private final List<String> seededAccounts;
    private final Map<String, JsonObject> accounts = new LinkedHashMap<>();
    private final Map<String, JsonObject> subscriptions = new LinkedHashMap<>();
    private int nextAccount;
    private int nextSubscription;
    private int nextOrder;

    Tenant(List<String> seededAccounts) {
        this.seededAccounts = List.copyOf(seededAccounts);
        reset();
    }

    synchronized void reset() {
        accounts.clear();
        subscriptions.clear();
        nextAccount = 24_000;
        nextSubscription = 30;
        nextOrder = 46;
        for (String number : seededAccounts) {
            accounts.put(number, new JsonObject().put("accountNumber", number).put("name", "Invoice owner " + number)
                    .put("status", "Active").put("currency", "USD"));
        }
    }

    synchronized boolean accountExists(String number) {
        return accounts.containsKey(number);
    }

    synchronized Optional<JsonObject> account(String number) {
        return Optional.ofNullable(accounts.get(number)).map(JsonObject::copy);
    }

    synchronized Optional<JsonObject> subscription(String number) {
        return Optional.ofNullable(subscriptions.get(number)).map(JsonObject::copy);
    }

    synchronized List<JsonObject> subscriptionsWhere(String field, String value) {
        return subscriptions.values().stream().filter(s -> value.equals(s.getValue(field))).map(JsonObject::copy)
                .toList();
    }

    /** Activates a subscription (what Zuora does once its service activation date is set); false when unknown. */
    synchronized boolean activate(String subscriptionNumber) {
        JsonObject subscription = subscriptions.get(subscriptionNumber);
        if (subscription == null) {
            return false;
        }
        subscription.put("status", "Active");
        return true;
    }

    synchronized JsonArray allAccounts() {
        return new JsonArray(new ArrayList<>(accounts.values()));
    }

    synchronized JsonArray allSubscriptions() {
        return new JsonArray(new ArrayList<>(subscriptions.values()));
    }

    /**
     * Creates what one validated CreateSubscription order describes.
     *
     * @return the order result Zuora answers with
     */
    synchronized JsonObject create(String invoiceOwner, LocalDate orderDate, JsonObject newOwner, String existingOwner,
            JsonObject terms, JsonArray ratePlans, JsonObject customFields, String initialStatus) {
        String owner = existingOwner;
        if (owner == null) {
            owner = String.format("A%08d", ++nextAccount);
            accounts.put(owner, new JsonObject().put("accountNumber", owner).put("name", newOwner.getString("name"))
                    .put("status", "Active").put("currency", newOwner.getString("currency", "USD"))
                    .put("billToContact", newOwner.getJsonObject("billToContact")));
        }
        String subscriptionNumber = String.format("A-S%08d", ++nextSubscription);
        String orderNumber = String.format("O-%08d", ++nextOrder);
        // The contract effective date, and so the term's start, defaults to the order date.
        LocalDate start = orderDate != null ? orderDate : LocalDate.now(clock);
        JsonObject initialTerm = terms.getJsonObject("initialTerm");
        JsonObject subscription = new JsonObject()
                .put("subscriptionNumber", subscriptionNumber)
                .put("status", initialStatus)
                .put("accountNumber", owner)
                .put("invoiceOwnerAccountNumber", invoiceOwner)
                .put("orderNumber", orderNumber)
                .put("termType", initialTerm.getString("termType", "TERMED"))
                .put("initialTerm", initialTerm.getInteger("period"))
                .put("initialTermPeriodType", initialTerm.getString("periodType", "Month"))
                .put("version", 1)
                .put("subscriptionStartDate", start.toString())
                .put("contractEffectiveDate", start.toString())
                .put("termStartDate", start.toString())
                .put("termEndDate", start.plusMonths(initialTerm.getInteger("period")).toString())
                .put("currentTerm", initialTerm.getInteger("period"))
                .put("autoRenew", terms.getBoolean("autoRenew", false))
                .put("renewalSetting", terms.getString("renewalSetting", "RENEW_WITH_SPECIFIC_TERM"))
                .put("ratePlans", ratePlans);
        customFields.forEach(field -> subscription.put(field.getKey(), field.getValue()));
        subscriptions.put(subscriptionNumber, subscription);
        return new JsonObject().put("success", true).put("orderNumber", orderNumber).put("accountNumber", invoiceOwner)
                .put("status", "Completed").put("subscriptionNumbers", new JsonArray().add(subscriptionNumber));
    }
}
