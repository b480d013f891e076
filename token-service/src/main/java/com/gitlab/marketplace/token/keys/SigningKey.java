package com.gitlab.marketplace.token.keys;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;

/** A token signing key pair (ES256, P-256). {@code retiredAt} is null while the key may sign. */
public record SigningKey(String kid, PrivateKey privateKey, PublicKey publicKey, Instant createdAt, Instant retiredAt) {

    public static final String ALGORITHM = "ES256";

    public boolean retired() {
        return retiredAt != null;
    }
}
