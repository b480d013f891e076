package com.gitlab.marketplace.token.client;

import com.gitlab.marketplace.token.config.TokenServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes client secrets and checks them. Secrets are 256 random bits, so a fast keyed hash
 * (HMAC-SHA256 under a pepper kept outside the database) is as safe as a slow password hash and keeps the
 * token endpoint fast; a stolen database alone does not allow checking guesses.
 */
@ApplicationScoped
public class ClientSecrets {

    /** Marks our secrets, so secret scanners (and people) recognise a leaked one. */
    static final String SECRET_PREFIX = "mkp_";
    private static final String CLIENT_ID_PREFIX = "mkc_";
    private static final int MIN_PEPPER_LENGTH = 32;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec pepper;
    private final ThreadLocal<Mac> macs;
    private final byte[] unknownClientHash;

    public ClientSecrets(TokenServiceConfig config) {
        String configured = config.clientSecretPepper();
        if (configured.length() < MIN_PEPPER_LENGTH) {
            throw new IllegalStateException("token-service.client-secret-pepper must be at least "
                    + MIN_PEPPER_LENGTH + " characters");
        }
        this.pepper = new SecretKeySpec(configured.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.unknownClientHash = hash(newSecret());
    }

    /** A new secret: 256 bits from a CSPRNG, base64url, with our prefix. */
    public String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new client id; not secret, but unguessable so ids do not reveal how many clients exist. */
    public String newClientId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return CLIENT_ID_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public byte[] hash(String secret) {
        return macs.get().doFinal(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Compares in constant time. */
    public boolean matches(String presented, byte[] expectedHash) {
        return MessageDigest.isEqual(hash(presented), expectedHash);
    }

    /** Spends the same work as a real check, so response time does not tell whether a client id exists. */
    public void matchAgainstNothing(String presented) {
        MessageDigest.isEqual(hash(presented), unknownClientHash);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(pepper);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
