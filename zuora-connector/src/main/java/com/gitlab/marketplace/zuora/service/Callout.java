package com.gitlab.marketplace.zuora.service;

import com.gitlab.marketplace.http.errors.TextInput;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * A callout body in our template (API.md §3):
 * {@code {"event","subscriptionNumber","accountNumber","status","orderId"}}; {@code orderId} may be empty.
 */
public record Callout(String event, String subscriptionNumber, String accountNumber, String status,
        Optional<UUID> orderId) {

    /** @throws IllegalArgumentException naming what is wrong, for a body we cannot understand */
    public static Callout parse(byte[] body) {
        JsonObject json;
        try {
            json = new JsonObject(new String(body, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        String event = text(json, "event", true);
        String subscriptionNumber = text(json, "subscriptionNumber", true);
        String orderId = text(json, "orderId", false);
        Optional<UUID> order = Optional.empty();
        if (orderId != null && !orderId.isBlank()) {
            try {
                order = Optional.of(UUID.fromString(orderId.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("orderId must be empty or an order id (UUID)");
            }
        }
        return new Callout(event, subscriptionNumber, text(json, "accountNumber", false), text(json, "status", false),
                order);
    }

    private static String text(JsonObject json, String field, boolean required) {
        Object value = json.getValue(field);
        if (value == null || value instanceof String s && s.isBlank()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        TextInput.problem(text).ifPresent(problem -> {
            throw new IllegalArgumentException(field + " " + problem);
        });
        return text;
    }
}
