package com.gitlab.marketplace.token.client;

import java.time.Instant;
import java.util.Set;

/**
 * A registered OAuth client. {@code partnerId} is null for operator clients.
 * {@code secretHash} is the keyed hash of the secret; the secret itself is never kept.
 */
public record OAuthClient(
        String clientId,
        String partnerId,
        String description,
        byte[] secretHash,
        Set<String> scopes,
        boolean enabled,
        Instant createdAt,
        Instant secretRotatedAt) {

    public OAuthClient {
        scopes = Set.copyOf(scopes);
    }

    public boolean isOperator() {
        return partnerId == null;
    }
}
