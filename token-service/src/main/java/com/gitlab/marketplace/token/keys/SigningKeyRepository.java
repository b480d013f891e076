package com.gitlab.marketplace.token.keys;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Signing keys in PostgreSQL; private keys are stored encrypted. Every change notifies
 * {@link #CHANGED_CHANNEL} in its transaction, so every replica reloads the key set on commit.
 */
@ApplicationScoped
public class SigningKeyRepository {

    public static final String CHANGED_CHANNEL = "signing_keys_changed";

    /** Serialises rotations and revocations across replicas (transaction-scoped advisory lock). */
    private static final long ROTATION_LOCK = 0x746f6b656e6b6579L;
    private static final String COLUMNS = "kid, private_key, public_key, created_at, signs_from, retired_at";

    private final Pool pool;
    private final KeyEncryption encryption;
    private final SecureRandom random = new SecureRandom();

    public SigningKeyRepository(Pool pool, KeyEncryption encryption) {
        this.pool = pool;
        this.encryption = encryption;
    }

    /**
     * Keys to publish: not revoked, and either not retired or retired after {@code retiredSince} (they may
     * have signed a live token). Newest first by when they sign.
     */
    public Uni<List<SigningKey>> loadPublishable(Instant retiredSince) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM signing_key WHERE revoked_at IS NULL "
                        + "AND (retired_at IS NULL OR retired_at > $1) ORDER BY signs_from DESC, created_at DESC")
                .execute(Tuple.of(utc(retiredSince)))
                .map(rows -> {
                    List<SigningKey> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(map(row)));
                    return keys;
                });
    }

    /**
     * Makes a new key that signs from {@code signsFrom} and retires the current ones at that moment, unless
     * another replica rotated meanwhile: nothing happens when a key created after {@code onlyIfOlderThan}
     * is still in service.
     */
    public Uni<Boolean> rotate(Instant now, Instant onlyIfOlderThan, Instant signsFrom) {
        return pool.withTransaction(tx -> lock(tx)
                .flatMap(locked -> tx.preparedQuery("SELECT count(*) FROM signing_key WHERE retired_at IS NULL "
                                + "AND revoked_at IS NULL AND created_at > $1")
                        .execute(Tuple.of(utc(onlyIfOlderThan))))
                .flatMap(fresh -> fresh.iterator().next().getLong(0) > 0 ? Uni.createFrom().item(false)
                        : replaceCurrent(tx, now, signsFrom).replaceWith(true)));
    }

    /**
     * Revokes a key at once: it leaves the JWKS and never signs again, so tokens it signed stop verifying.
     * When it was the signing key, a successor signs from {@code now}: the published next key if there is
     * one (brought forward), else a new key.
     *
     * @return the revoked key, or empty when no such key is published
     */
    public Uni<Optional<String>> revoke(String kid, Instant now) {
        return pool.withTransaction(tx -> lock(tx)
                .flatMap(locked -> tx.preparedQuery("UPDATE signing_key SET revoked_at = $2 "
                                + "WHERE kid = $1 AND revoked_at IS NULL RETURNING kid")
                        .execute(Tuple.of(kid, utc(now))))
                .flatMap(revoked -> {
                    if (revoked.rowCount() == 0) {
                        return Uni.createFrom().item(Optional.<String>empty());
                    }
                    return ensureASigner(tx, now).replaceWith(Optional.of(kid));
                }));
    }

    /** Removes keys retired or revoked before {@code before}: no token they signed is still valid. */
    public Uni<Integer> deleteRetiredBefore(Instant before) {
        return pool.preparedQuery("DELETE FROM signing_key WHERE retired_at < $1 OR revoked_at < $1")
                .execute(Tuple.of(utc(before)))
                .map(rows -> rows.rowCount());
    }

    private Uni<Void> ensureASigner(SqlClient tx, Instant now) {
        return tx.preparedQuery("SELECT count(*) FROM signing_key WHERE revoked_at IS NULL AND signs_from <= $1 "
                        + "AND (retired_at IS NULL OR retired_at > $1)")
                .execute(Tuple.of(utc(now)))
                .flatMap(signers -> {
                    if (signers.iterator().next().getLong(0) > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    // Bring the next key forward, or make one. Its predecessor was revoked, so no token of
                    // the new key can reach a verifier before it could fetch it: a verifier seeing an
                    // unknown kid refreshes the JWKS.
                    return tx.preparedQuery("UPDATE signing_key SET signs_from = $1 WHERE kid = (SELECT kid FROM "
                                    + "signing_key WHERE revoked_at IS NULL AND retired_at IS NULL "
                                    + "ORDER BY signs_from DESC LIMIT 1) RETURNING kid")
                            .execute(Tuple.of(utc(now)))
                            .flatMap(next -> next.rowCount() > 0 ? notifyChanged(tx)
                                    : replaceCurrent(tx, now, now));
                });
    }

    private Uni<Void> replaceCurrent(SqlClient tx, Instant now, Instant signsFrom) {
        KeyPair pair = generate();
        String kid = newKid();
        return tx.preparedQuery("UPDATE signing_key SET retired_at = $1 WHERE retired_at IS NULL AND revoked_at IS NULL")
                .execute(Tuple.of(utc(signsFrom)))
                .flatMap(retired -> tx.preparedQuery("INSERT INTO signing_key "
                                + "(kid, algorithm, private_key, public_key, created_at, signs_from) "
                                + "VALUES ($1, $2, $3, $4, $5, $6)")
                        .execute(Tuple.of(kid, SigningKey.ALGORITHM,
                                io.vertx.core.buffer.Buffer.buffer(encryption.encrypt(kid, pair.getPrivate().getEncoded())),
                                io.vertx.core.buffer.Buffer.buffer(pair.getPublic().getEncoded()),
                                utc(now), utc(signsFrom))))
                .flatMap(inserted -> notifyChanged(tx));
    }

    private static Uni<Void> lock(SqlClient tx) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(ROTATION_LOCK)).replaceWithVoid();
    }

    private static Uni<Void> notifyChanged(SqlClient tx) {
        return tx.preparedQuery("SELECT pg_notify('" + CHANGED_CHANNEL + "', '')").execute().replaceWithVoid();
    }

    private String newKid() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a P-256 key pair", e);
        }
    }

    private SigningKey map(Row row) {
        String kid = row.getString("kid");
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            byte[] privateKey = encryption.decrypt(kid, row.getBuffer("private_key").getBytes());
            OffsetDateTime retiredAt = row.getOffsetDateTime("retired_at");
            return new SigningKey(kid,
                    factory.generatePrivate(new PKCS8EncodedKeySpec(privateKey)),
                    factory.generatePublic(new X509EncodedKeySpec(row.getBuffer("public_key").getBytes())),
                    row.getOffsetDateTime("created_at").toInstant(),
                    row.getOffsetDateTime("signs_from").toInstant(),
                    retiredAt == null ? null : retiredAt.toInstant());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + kid + " is not a valid EC key", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
