package com.gitlab.marketplace.sandbox.zuora;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bearer tokens of {@code POST /oauth/token}: opaque, one lifetime each, expirable on demand for tests. */
final class AccessTokens {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> expiresAtNanos = new ConcurrentHashMap<>();
    private final Duration lifetime;

    AccessTokens(Duration lifetime) {
        this.lifetime = lifetime;
    }

    String issue() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        expiresAtNanos.put(token, System.nanoTime() + lifetime.toNanos());
        return token;
    }

    Duration lifetime() {
        return lifetime;
    }

    boolean valid(String token) {
        Long expiresAt = token == null ? null : expiresAtNanos.get(token);
        return expiresAt != null && System.nanoTime() < expiresAt;
    }

    /** Every token issued so far stops working, as if an hour had passed. */
    void expireAll() {
        expiresAtNanos.clear();
    }
}
