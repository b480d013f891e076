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
import java.util.UUID;

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
    /** Every version of each subscription, oldest first (the last is the current one). */
    private final Map<String, List<JsonObject>> versions = new LinkedHashMap<>();
    private final List<JsonObject> orders = new ArrayList<>();
    private int nextAccount;
    private int nextSubscription;
    private int nextOrder;
    private int nextCharge;

    Tenant(List<String> seededAccounts) {
        this.seededAccounts = List.copyOf(seededAccounts);
        reset();
    }

    synchronized void reset() {
        accounts.clear();
        subscriptions.clear();
        versions.clear();
        orders.clear();
        nextCharge = 0;
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

    /** One version of a subscription, as {@code GET /v1/subscriptions/{number}/versions/{version}} returns it. */
    synchronized Optional<JsonObject> subscriptionVersion(String number, int version) {
        List<JsonObject> all = versions.getOrDefault(number, List.of());
        return version < 1 || version > all.size() ? Optional.empty() : Optional.of(all.get(version - 1).copy());
    }

    /** The orders that made or amended a subscription, oldest first. */
    synchronized List<JsonObject> ordersOf(String subscriptionNumber) {
        return orders.stream().filter(order -> order.getJsonArray("subscriptions").stream()
                        .map(JsonObject.class::cast)
                        .anyMatch(s -> subscriptionNumber.equals(s.getString("subscriptionNumber"))))
                .map(JsonObject::copy).toList();
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
        // Activation ends a pending state; a subscription cancelled meanwhile stays cancelled.
        if (!Amendments.CANCELLED.equals(subscription.getString("status"))) {
            subscription.put("status", "Active");
        }
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
                .put("renewalTerm", initialTerm.getInteger("period"))
                .put("ratePlans", new JsonArray(ratePlans.stream().map(JsonObject.class::cast)
                        .map(plan -> newRatePlan(plan.getString("productRatePlanId"),
                                plan.getJsonArray("chargeOverrides", new JsonArray())))
                        .toList()));
        customFields.forEach(field -> subscription.put(field.getKey(), field.getValue()));
        subscriptions.put(subscriptionNumber, subscription);
        versions.computeIfAbsent(subscriptionNumber, number -> new ArrayList<>()).add(subscription.copy());
        orders.add(order(orderNumber, orderDate, invoiceOwner, new JsonObject(), subscriptionNumber,
                new JsonArray().add(new JsonObject().put("type", "CreateSubscription"))));
        return new JsonObject().put("success", true).put("orderNumber", orderNumber).put("accountNumber", invoiceOwner)
                .put("status", "Completed").put("subscriptionNumbers", new JsonArray().add(subscriptionNumber));
    }

    /**
     * Amends a subscription by checked order actions: the actions apply to a copy that becomes the next version.
     *
     * @return the order result Zuora answers with
     */
    synchronized JsonObject amend(Amendments amendments, String invoiceOwner, LocalDate orderDate,
            String subscriptionNumber, JsonArray actions, JsonObject orderCustomFields) {
        JsonObject next = subscriptions.get(subscriptionNumber).copy();
        JsonArray types = new JsonArray();
        for (Object action : actions) {
            amendments.apply(this, next, (JsonObject) action);
            types.add(new JsonObject().put("type", ((JsonObject) action).getString("type")));
        }
        String orderNumber = String.format("O-%08d", ++nextOrder);
        next.put("version", next.getInteger("version", 1) + 1).put("orderNumber", orderNumber);
        subscriptions.put(subscriptionNumber, next);
        versions.computeIfAbsent(subscriptionNumber, number -> new ArrayList<>()).add(next.copy());
        orders.add(order(orderNumber, orderDate, invoiceOwner, orderCustomFields, subscriptionNumber, types));
        return new JsonObject().put("success", true).put("orderNumber", orderNumber).put("accountNumber", invoiceOwner)
                .put("status", "Completed").put("subscriptionNumbers", new JsonArray().add(subscriptionNumber));
    }

    /** A subscription's rate plan as Zuora keeps it: its own id, and a numbered charge per override. */
    JsonObject newRatePlan(String productRatePlanId, JsonArray chargeOverrides) {
        JsonArray charges = new JsonArray();
        for (Object item : chargeOverrides) {
            JsonObject override = (JsonObject) item;
            charges.add(new JsonObject()
                    .put("id", zuoraId())
                    .put("number", String.format("C-%08d", ++nextCharge))
                    .put("productRatePlanChargeId", override.getString("productRatePlanChargeId"))
                    .put("quantity", override.getJsonObject("pricing", new JsonObject())
                            .getJsonObject("recurringPerUnit", new JsonObject()).getValue("quantity")));
        }
        return new JsonObject().put("id", zuoraId()).put("productRatePlanId", productRatePlanId)
                .put("ratePlanCharges", charges);
    }

    private static JsonObject order(String orderNumber, LocalDate orderDate, String account, JsonObject customFields,
            String subscriptionNumber, JsonArray actionTypes) {
        return new JsonObject().put("orderNumber", orderNumber).put("orderDate", String.valueOf(orderDate))
                .put("existingAccountNumber", account).put("status", "Completed").put("customFields", customFields)
                .put("subscriptions", new JsonArray().add(new JsonObject().put("subscriptionNumber", subscriptionNumber)
                        .put("orderActions", actionTypes)));
    }

    /** Zuora's ids: 32 hex digits. */
    private static String zuoraId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
