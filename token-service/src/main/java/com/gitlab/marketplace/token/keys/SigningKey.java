package com.gitlab.marketplace.token.keys;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;

/**
 * A token signing key pair (ES256, P-256). It is published from {@code createdAt}, signs from
 * {@code signsFrom} until {@code retiredAt} (null: no successor yet), and stays published after that for
 * one token lifetime, so the tokens it signed keep verifying.
 */
public record SigningKey(String kid, PrivateKey privateKey, PublicKey publicKey, Instant createdAt,
        Instant signsFrom, Instant retiredAt) {

    public static final String ALGORITHM = "ES256";

    /** Whether this key is the one that signs at {@code now}. */
    public boolean signsAt(Instant now) {
        return !signsFrom.isAfter(now) && (retiredAt == null || retiredAt.isAfter(now));
    }
}
