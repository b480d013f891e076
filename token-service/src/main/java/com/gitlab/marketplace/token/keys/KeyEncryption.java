package com.gitlab.marketplace.token.keys;

import com.gitlab.marketplace.token.config.TokenServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts signing keys at rest (AES-256-GCM, random 96-bit nonce stored in front), so a database dump
 * alone cannot mint tokens. The key id is bound as associated data: a row's ciphertext cannot be moved
 * to another key id.
 */
@ApplicationScoped
public class KeyEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public KeyEncryption(TokenServiceConfig config) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(config.signingKeys().encryptionKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("token-service.signing-keys.encryption-key must be base64", e);
        }
        if (raw.length != 32) {
            throw new IllegalStateException(
                    "token-service.signing-keys.encryption-key must be base64 of 32 bytes (openssl rand -base64 32)");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public byte[] encrypt(String kid, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt signing key " + kid, e);
        }
    }

    public byte[] decrypt(String kid, byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not decrypt signing key " + kid
                    + ": is token-service.signing-keys.encryption-key the key it was stored with?", e);
        }
    }
}
