package com.gitlab.marketplace.order.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints are stored with every order (request_hash) and compared with every replay, so a new way of
 * computing them must give the very bytes the stored ones were made of.
 */
class RequestFingerprintTests {

    @Test
    void theFingerprintIsTheOneEarlierVersionsStored() throws Exception {
        for (SubscriptionRequest request : List.of(
                request("PO-1", "Acme Corp", null, new BigDecimal("25")),
                request("PO-1", "Acme Corp", null, new BigDecimal("25.0")),
                request("PO-ü-€-\"quoted\"", "Åcme \\ Corp", "+1 555 0100", new BigDecimal("100000")))) {
            assertThat(HexFormat.of().formatHex(RequestFingerprint.of(request)))
                    .isEqualTo(HexFormat.of().formatHex(asStoredBefore(request)));
        }
    }

    @Test
    void aWholeNumberWrittenWithADecimalPointIsTheSameRequestAndAnotherQuantityIsNot() {
        byte[] whole = RequestFingerprint.of(request("PO-1", "Acme Corp", null, new BigDecimal("25")));
        assertThat(RequestFingerprint.of(request("PO-1", "Acme Corp", null, new BigDecimal("25.00")))).isEqualTo(whole);
        assertThat(RequestFingerprint.of(request("PO-1", "Acme Corp", null, new BigDecimal("26")))).isNotEqualTo(whole);
    }

    private static SubscriptionRequest request(String externalId, String company, String phone, BigDecimal quantity) {
        return new SubscriptionRequest(externalId, "0018X00003TPartnr", new SubscriptionRequest.Customer(company,
                new SubscriptionRequest.Contact("Ada", "Lovelace", "ada@acme.example", phone),
                new SubscriptionRequest.Address("1 Main St", null, "Springfield", "IL", "62701", "US")),
                List.of(new SubscriptionRequest.OrderLine("premium-saas-1y", quantity),
                        new SubscriptionRequest.OrderLine("storage-10gb", BigDecimal.ONE)));
    }

    /** How versions up to November 2026 computed it: through a tree and back, maps sorted by key. */
    private static byte[] asStoredBefore(SubscriptionRequest request) throws Exception {
        ObjectMapper canonical = JsonMapper.builder()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
        ObjectNode tree = canonical.valueToTree(request);
        tree.withArray("orderLines").forEach(line -> ((ObjectNode) line).set("quantity",
                IntNode.valueOf(line.get("quantity").decimalValue().intValueExact())));
        return MessageDigest.getInstance("SHA-256").digest(canonical.writeValueAsBytes(
                canonical.treeToValue(tree, Object.class)));
    }
}
