package com.gitlab.marketplace.order.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Identifies "the same body" for idempotent replays: SHA-256 of the request as we understood it (known
 * fields only, canonical key order, quantities as integers), so formatting, key order, unknown fields
 * or {@code 25} vs {@code 25.0} do not make a replay look different.
 */
final class RequestFingerprint {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private RequestFingerprint() {
    }

    static byte[] of(SubscriptionRequest request) {
        ObjectNode tree = CANONICAL.valueToTree(request);
        tree.withArray("orderLines").forEach(line -> ((ObjectNode) line).set("quantity",
                IntNode.valueOf(line.get("quantity").decimalValue().intValueExact())));
        try {
            return MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(tree, Object.class)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }
}
