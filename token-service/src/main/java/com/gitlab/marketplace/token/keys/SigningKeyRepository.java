package com.gitlab.marketplace.token.keys;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.security.SecureRandom;

/** Signing keys in PostgreSQL; private keys are stored encrypted. */
@ApplicationScoped
public class SigningKeyRepository {

    /** Serialises rotations across replicas (transaction-scoped advisory lock). */
    private static final long ROTATION_LOCK = 0x746f6b656e6b6579L;

    private final Pool pool;
    private final KeyEncryption encryption;
    private final SecureRandom random = new SecureRandom();

    public SigningKeyRepository(Pool pool, KeyEncryption encryption) {
        this.pool = pool;
        this.encryption = encryption;
    }

    /** Keys that sign or may still verify live tokens: not retired, or retired after {@code retiredSince}. */
    public Uni<List<SigningKey>> loadPublishable(Instant retiredSince) {
        return pool.preparedQuery("SELECT kid, private_key, public_key, created_at, retired_at FROM signing_key "
                        + "WHERE retired_at IS NULL OR retired_at > $1 ORDER BY created_at DESC")
                .execute(Tuple.of(retiredSince.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<SigningKey> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(map(row)));
                    return keys;
                });
    }

    /**
     * Makes a new signing key and retires the current ones, unless another replica rotated meanwhile: with
     * {@code onlyIfOlderThan} set, nothing happens when the active key is younger than that.
     */
    public Uni<Boolean> rotate(Instant now, Instant onlyIfOlderThan) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(ROTATION_LOCK))
                .flatMap(locked -> tx.preparedQuery(
                                "SELECT count(*) FROM signing_key WHERE retired_at IS NULL AND created_at > $1")
                        .execute(Tuple.of(onlyIfOlderThan.atOffset(ZoneOffset.UTC))))
                .flatMap(fresh -> {
                    if (fresh.iterator().next().getLong(0) > 0) {
                        return Uni.createFrom().item(false);
                    }
                    KeyPair pair = generate();
                    String kid = newKid();
                    return tx.preparedQuery("UPDATE signing_key SET retired_at = $1 WHERE retired_at IS NULL")
                            .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                            .flatMap(retired -> tx.preparedQuery("INSERT INTO signing_key "
                                            + "(kid, algorithm, private_key, public_key, created_at) VALUES ($1, $2, $3, $4, $5)")
                                    .execute(Tuple.of(kid, SigningKey.ALGORITHM,
                                            io.vertx.core.buffer.Buffer.buffer(encryption.encrypt(kid, pair.getPrivate().getEncoded())),
                                            io.vertx.core.buffer.Buffer.buffer(pair.getPublic().getEncoded()),
                                            now.atOffset(ZoneOffset.UTC))))
                            .replaceWith(true);
                }));
    }

    /** Removes keys retired before {@code retiredBefore}: no token they signed is still valid. */
    public Uni<Integer> deleteRetiredBefore(Instant retiredBefore) {
        return pool.preparedQuery("DELETE FROM signing_key WHERE retired_at < $1")
                .execute(Tuple.of(retiredBefore.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
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
            return new SigningKey(kid,
                    factory.generatePrivate(new PKCS8EncodedKeySpec(privateKey)),
                    factory.generatePublic(new X509EncodedKeySpec(row.getBuffer("public_key").getBytes())),
                    row.getOffsetDateTime("created_at").toInstant(),
                    row.getOffsetDateTime("retired_at") == null ? null
                            : row.getOffsetDateTime("retired_at").toInstant());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + kid + " is not a valid EC key", e);
        }
    }
}
