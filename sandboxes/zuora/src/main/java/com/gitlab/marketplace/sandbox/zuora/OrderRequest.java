package com.gitlab.marketplace.sandbox.zuora;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@code POST /v1/orders} body the way Zuora does for the subset we support (CreateSubscription actions,
 * and the {@link Amendments} of an existing subscription named by {@code subscriptionNumber}), and makes what it
 * describes.
 */
final class OrderRequest {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2,3}|[A-Za-z ]{4,60}");

    private final Tenant tenant;
    private final Catalog catalog;
    private final Amendments amendments;

    OrderRequest(Tenant tenant, Catalog catalog) {
        this.tenant = tenant;
        this.catalog = catalog;
        this.amendments = new Amendments(catalog);
    }

    /** Whether the order amends existing subscriptions rather than creating them. */
    static boolean amends(JsonObject order) {
        return order.getJsonArray("subscriptions", new JsonArray()).stream().map(JsonObject.class::cast)
                .anyMatch(subscription -> subscription.getString("subscriptionNumber") != null);
    }

    /** The reasons the order is refused; empty when Zuora would accept it. */
    List<ZuoraError> problems(JsonObject order) {
        List<ZuoraError> problems = new ArrayList<>();
        String invoiceOwner = order.getString("existingAccountNumber");
        if (invoiceOwner == null) {
            problems.add(ZuoraError.missingField("existingAccountNumber"));
        } else if (!tenant.accountExists(invoiceOwner)) {
            problems.add(ZuoraError.notFound("Account " + invoiceOwner));
        }
        Object orderDate = order.getValue("orderDate");
        if (orderDate == null) {
            problems.add(ZuoraError.missingField("orderDate"));
        } else if (!(orderDate instanceof String date) || !isDate(date)) {
            problems.add(ZuoraError.invalidValue("orderDate", orderDate));
        }
        JsonArray subscriptions = order.getJsonArray("subscriptions");
        if (subscriptions == null || subscriptions.isEmpty()) {
            problems.add(ZuoraError.missingField("subscriptions"));
            return problems;
        }
        for (int s = 0; s < subscriptions.size(); s++) {
            JsonObject subscription = subscriptions.getJsonObject(s);
            JsonArray actions = subscription.getJsonArray("orderActions");
            if (actions == null || actions.isEmpty()) {
                problems.add(ZuoraError.missingField("subscriptions[" + s + "].orderActions"));
                continue;
            }
            String number = subscription.getString("subscriptionNumber");
            if (number != null) {
                checkAmendment(number, actions, "subscriptions[" + s + "]", problems);
                continue;
            }
            for (int a = 0; a < actions.size(); a++) {
                checkAction(actions.getJsonObject(a), "subscriptions[" + s + "].orderActions[" + a + "]", problems);
            }
        }
        return problems;
    }

    /** Actions on an existing subscription: each one an amendment, checked against the subscription as it is. */
    private void checkAmendment(String number, JsonArray actions, String path, List<ZuoraError> problems) {
        Optional<JsonObject> subscription = tenant.subscription(number);
        if (subscription.isEmpty()) {
            problems.add(ZuoraError.notFound("Subscription " + number));
            return;
        }
        for (int a = 0; a < actions.size(); a++) {
            JsonObject action = actions.getJsonObject(a);
            String actionPath = path + ".orderActions[" + a + "]";
            if (!Amendments.TYPES.contains(action.getString("type"))) {
                problems.add(ZuoraError.invalidValue(actionPath + ".type", action.getString("type")));
            } else {
                amendments.check(subscription.get(), action, actionPath, problems);
            }
        }
    }

    private void checkAction(JsonObject action, String path, List<ZuoraError> problems) {
        if (Amendments.TYPES.contains(action.getString("type"))) {
            problems.add(ZuoraError.missingField(path.substring(0, path.indexOf(".orderActions"))
                    + ".subscriptionNumber"));
            return;
        }
        if (!"CreateSubscription".equals(action.getString("type"))) {
            problems.add(ZuoraError.invalidValue(path + ".type", action.getString("type")));
            return;
        }
        JsonObject create = action.getJsonObject("createSubscription");
        if (create == null) {
            problems.add(ZuoraError.missingField(path + ".createSubscription"));
            return;
        }
        String base = path + ".createSubscription";
        JsonObject newOwner = create.getJsonObject("newSubscriptionOwnerAccount");
        String existingOwner = create.getString("subscriptionOwnerAccountNumber");
        if (newOwner == null && existingOwner == null) {
            problems.add(ZuoraError.missingField(base + ".newSubscriptionOwnerAccount"));
        } else if (existingOwner != null && !tenant.accountExists(existingOwner)) {
            problems.add(ZuoraError.notFound("Account " + existingOwner));
        } else if (newOwner != null) {
            checkNewAccount(newOwner, base + ".newSubscriptionOwnerAccount", problems);
        }
        JsonObject initialTerm = create.getJsonObject("terms", new JsonObject()).getJsonObject("initialTerm");
        if (initialTerm == null || initialTerm.getValue("period") == null) {
            problems.add(ZuoraError.missingField(base + ".terms.initialTerm.period"));
        } else if (!(initialTerm.getValue("period") instanceof Number period) || period.intValue() < 1) {
            problems.add(ZuoraError.invalidValue(base + ".terms.initialTerm.period", initialTerm.getValue("period")));
        }
        JsonArray ratePlans = create.getJsonArray("subscribeToRatePlans");
        if (ratePlans == null || ratePlans.isEmpty()) {
            problems.add(ZuoraError.missingField(base + ".subscribeToRatePlans"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int r = 0; r < ratePlans.size(); r++) {
            JsonObject ratePlan = ratePlans.getJsonObject(r);
            String ratePlanPath = base + ".subscribeToRatePlans[" + r + "]";
            String ratePlanId = ratePlan.getString("productRatePlanId");
            if (ratePlanId == null) {
                problems.add(ZuoraError.missingField(ratePlanPath + ".productRatePlanId"));
                continue;
            }
            if (!catalog.hasRatePlan(ratePlanId)) {
                problems.add(ZuoraError.invalidValue(ratePlanPath + ".productRatePlanId", ratePlanId));
                continue;
            }
            if (!seen.add(ratePlanId)) {
                problems.add(ZuoraError.businessRule("The product rate plan " + ratePlanId
                        + " is subscribed to more than once in one subscription."));
            }
            JsonArray overrides = ratePlan.getJsonArray("chargeOverrides", new JsonArray());
            for (int c = 0; c < overrides.size(); c++) {
                JsonObject override = overrides.getJsonObject(c);
                String chargePath = ratePlanPath + ".chargeOverrides[" + c + "]";
                String chargeId = override.getString("productRatePlanChargeId");
                if (chargeId == null || !catalog.chargeBelongsTo(chargeId, ratePlanId)) {
                    problems.add(ZuoraError.invalidValue(chargePath + ".productRatePlanChargeId", chargeId));
                }
                Object quantity = override.getJsonObject("pricing", new JsonObject())
                        .getJsonObject("recurringPerUnit", new JsonObject()).getValue("quantity");
                if (!(quantity instanceof Number number) || number.doubleValue() <= 0) {
                    problems.add(ZuoraError.invalidValue(chargePath + ".pricing.recurringPerUnit.quantity", quantity));
                }
            }
        }
    }

    private static void checkNewAccount(JsonObject account, String path, List<ZuoraError> problems) {
        if (blank(account.getString("name"))) {
            problems.add(ZuoraError.missingField(path + ".name"));
        }
        JsonObject contact = account.getJsonObject("billToContact");
        if (contact == null) {
            problems.add(ZuoraError.missingField(path + ".billToContact"));
            return;
        }
        for (String field : List.of("firstName", "lastName")) {
            if (blank(contact.getString(field))) {
                problems.add(ZuoraError.missingField(path + ".billToContact." + field));
            }
        }
        String email = contact.getString("workEmail");
        if (email != null && !EMAIL.matcher(email).matches()) {
            problems.add(ZuoraError.invalidValue(path + ".billToContact.workEmail", email));
        }
        String country = contact.getString("country");
        if (country != null && !COUNTRY.matcher(country).matches()) {
            problems.add(ZuoraError.invalidValue(path + ".billToContact.country", country));
        }
    }

    /** Creates the subscriptions of a valid order; returns Zuora's success body. */
    JsonObject execute(JsonObject order, String initialStatus) {
        JsonObject result = null;
        JsonArray numbers = new JsonArray();
        for (Object item : order.getJsonArray("subscriptions")) {
            JsonObject subscription = (JsonObject) item;
            if (subscription.getString("subscriptionNumber") != null) {
                result = tenant.amend(amendments, order.getString("existingAccountNumber"), orderDate(order),
                        subscription.getString("subscriptionNumber"), subscription.getJsonArray("orderActions"),
                        order.getJsonObject("customFields", new JsonObject()));
                numbers.addAll(result.getJsonArray("subscriptionNumbers"));
                continue;
            }
            JsonObject customFields = subscription.getJsonObject("customFields", new JsonObject());
            for (Object actionItem : subscription.getJsonArray("orderActions")) {
                JsonObject create = ((JsonObject) actionItem).getJsonObject("createSubscription");
                result = tenant.create(order.getString("existingAccountNumber"), orderDate(order),
                        create.getJsonObject("newSubscriptionOwnerAccount"),
                        create.getString("subscriptionOwnerAccountNumber"), create.getJsonObject("terms"),
                        create.getJsonArray("subscribeToRatePlans"), customFields, initialStatus);
                numbers.addAll(result.getJsonArray("subscriptionNumbers"));
            }
        }
        return result.put("subscriptionNumbers", numbers);
    }

    private static boolean isDate(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static LocalDate orderDate(JsonObject order) {
        String date = order.getString("orderDate");
        return date == null ? null : LocalDate.parse(date);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
