package com.gitlab.marketplace.token.keys;

import com.gitlab.marketplace.token.config.TokenServiceConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The signing keys in memory: the active key signs; every key that may have signed a live token is
 * published in the JWKS. Keys are parsed once per load, never per request. Each replica reloads
 * periodically, so a rotation made on one replica reaches all; a rotated-out key stays published for
 * one token lifetime (plus clock skew) and is deleted a day after that.
 */
@ApplicationScoped
public class SigningKeyStore {

    private static final Logger LOG = Logger.getLogger(SigningKeyStore.class);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final SigningKeyRepository repository;
    private final TokenServiceConfig config;
    private final Clock clock = Clock.systemUTC();
    private volatile KeySet keys;

    public SigningKeyStore(SigningKeyRepository repository, TokenServiceConfig config) {
        this.repository = repository;
        this.config = config;
    }

    void loadAtStartup(@Observes StartupEvent startup) {
        Instant now = clock.instant();
        reload().await().atMost(Duration.ofSeconds(30));
        if (keys == null) {
            LOG.info("no signing key yet; creating the first one");
            repository.rotate(now, now).await().atMost(Duration.ofSeconds(30));
            reload().await().atMost(Duration.ofSeconds(30));
        }
    }

    /** The key that signs new tokens. */
    public SigningKey active() {
        KeySet current = keys;
        if (current == null) {
            throw new IllegalStateException("signing keys not loaded yet");
        }
        return current.active();
    }

    public boolean ready() {
        return keys != null;
    }

    /** The public key that verifies tokens with this {@code kid}, if it is still published. */
    public Optional<PublicKey> verificationKey(String kid) {
        KeySet current = keys;
        return current == null ? Optional.empty() : Optional.ofNullable(current.verificationKeys().get(kid));
    }

    /** The JWKS document, rendered once per load. */
    public String jwks() {
        return keys.jwks();
    }

    public List<SigningKey> published() {
        return keys.published();
    }

    /** Replaces the active key now; returns the new active key. */
    public Uni<SigningKey> rotateNow() {
        Instant now = clock.instant();
        return repository.rotate(now, now).flatMap(rotated -> reload()).map(loaded -> active())
                .invoke(key -> LOG.infof("signing key rotated; new kid %s", key.kid()));
    }

    @Scheduled(every = "${token-service.signing-keys.reload-interval}", delayed = "${token-service.signing-keys.reload-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reload() {
        Instant now = clock.instant();
        return repository.loadPublishable(now.minus(config.tokenLifetime()).minus(CLOCK_SKEW))
                .invoke(loaded -> {
                    KeySet next = KeySet.of(loaded);
                    if (next != null) {
                        keys = next;
                    }
                })
                .replaceWithVoid();
    }

    /** Rotates when the active key reached its age limit; the repository makes sure only one replica does. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rotateWhenDue() {
        Instant now = clock.instant();
        return repository.rotate(now, now.minus(config.signingKeys().rotationInterval()))
                .flatMap(rotated -> {
                    if (rotated) {
                        LOG.info("signing key reached its rotation interval and was replaced");
                    }
                    return repository.deleteRetiredBefore(
                            now.minus(config.tokenLifetime()).minus(CLOCK_SKEW).minus(Duration.ofDays(1)));
                })
                .flatMap(deleted -> reload());
    }

    private record KeySet(SigningKey active, List<SigningKey> published, Map<String, PublicKey> verificationKeys,
            String jwks) {

        /** Null when there is no active key. */
        static KeySet of(List<SigningKey> newestFirst) {
            SigningKey active = newestFirst.stream().filter(key -> !key.retired()).findFirst().orElse(null);
            if (active == null) {
                return null;
            }
            Map<String, PublicKey> verification = newestFirst.stream()
                    .collect(Collectors.toUnmodifiableMap(SigningKey::kid, SigningKey::publicKey));
            return new KeySet(active, List.copyOf(newestFirst), verification, render(newestFirst));
        }

        private static String render(List<SigningKey> keys) {
            try {
                List<JsonWebKey> jwks = new ArrayList<>();
                for (SigningKey key : keys) {
                    PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.publicKey());
                    jwk.setKeyId(key.kid());
                    jwk.setUse("sig");
                    jwk.setAlgorithm(SigningKey.ALGORITHM);
                    jwks.add(jwk);
                }
                return new JsonWebKeySet(jwks).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            } catch (JoseException e) {
                throw new IllegalStateException("cannot render the JWKS", e);
            }
        }
    }
}
