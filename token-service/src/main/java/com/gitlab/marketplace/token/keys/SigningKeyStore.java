package com.gitlab.marketplace.token.keys;

import com.gitlab.marketplace.pg.notifications.ChannelListener;
import com.gitlab.marketplace.pg.notifications.PgNotifications;
import com.gitlab.marketplace.token.config.TokenServiceConfig;
import io.quarkus.runtime.ShutdownEvent;
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
 * The signing keys in memory: the key whose time it is signs; every key that may have signed a live token,
 * or will sign soon, is published in the JWKS. Keys are parsed once per load, never per request.
 *
 * <p>A rotation publishes the new key {@code publish-lead} before it signs, so every replica and every
 * resource server can have it before the first token it signs exists. A rotated-out key stays published
 * for one token lifetime (plus clock skew) and is deleted a day after that. A revoked key leaves the JWKS
 * at once. Every change notifies all replicas, which reload on commit (and every reload interval, in
 * case a notification was missed).
 */
@ApplicationScoped
public class SigningKeyStore {

    private static final Logger LOG = Logger.getLogger(SigningKeyStore.class);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final SigningKeyRepository repository;
    private final TokenServiceConfig config;
    private final PgNotifications notifications;
    private final Clock clock = Clock.systemUTC();
    private volatile KeySet keys;
    private ChannelListener listener;

    public SigningKeyStore(SigningKeyRepository repository, TokenServiceConfig config, PgNotifications notifications) {
        this.repository = repository;
        this.config = config;
        this.notifications = notifications;
    }

    void loadAtStartup(@Observes StartupEvent startup) {
        Instant now = clock.instant();
        reload().await().atMost(Duration.ofSeconds(30));
        if (keys == null) {
            // A fresh install: nobody can have tokens to verify yet, so the first key signs at once.
            LOG.info("no signing key yet; creating the first one");
            repository.rotate(now, now, now).await().atMost(Duration.ofSeconds(30));
            reload().await().atMost(Duration.ofSeconds(30));
        }
        listener = notifications.listen(SigningKeyRepository.CHANGED_CHANNEL,
                changed -> reload().subscribe().with(ok -> { }, e -> LOG.warnf("reloading signing keys: %s", e)),
                () -> reload().subscribe().with(ok -> { }, e -> LOG.warnf("reloading signing keys: %s", e)));
    }

    void stopListening(@Observes ShutdownEvent shutdown) {
        if (listener != null) {
            listener.close();
        }
    }

    /** The key that signs new tokens now. */
    public SigningKey active() {
        KeySet current = keys;
        if (current == null) {
            throw new IllegalStateException("signing keys not loaded yet");
        }
        return current.signerAt(clock.instant());
    }

    public boolean ready() {
        return keys != null;
    }

    /** The public key that verifies tokens with this {@code kid}, if it is published. */
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

    /**
     * Publishes a new key now that starts signing after the publish lead, when the current key retires.
     *
     * @return the new key
     */
    public Uni<SigningKey> rotateNow() {
        Instant now = clock.instant();
        return repository.rotate(now, now, now.plus(config.signingKeys().publishLead()))
                .flatMap(rotated -> reload())
                .map(loaded -> keys.published().get(0))
                .invoke(key -> LOG.infof("signing key %s published; it signs from %s", key.kid(), key.signsFrom()));
    }

    /**
     * Removes a key from the JWKS at once (a leaked private key): tokens it signed stop verifying, and the
     * next key signs from now.
     *
     * @return whether a published key of that id was revoked
     */
    public Uni<Boolean> revoke(String kid) {
        return repository.revoke(kid, clock.instant())
                .call(revoked -> reload())
                .invoke(revoked -> revoked.ifPresent(id -> LOG.warnf("signing key %s revoked; %s signs now", id,
                        active().kid())))
                .map(Optional::isPresent);
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

    /**
     * Publishes the next key a publish lead before the active one reaches its age limit; the repository
     * makes sure only one replica does.
     */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rotateWhenDue() {
        Instant now = clock.instant();
        Duration lead = config.signingKeys().publishLead();
        return repository.rotate(now, now.minus(config.signingKeys().rotationInterval()).plus(lead), now.plus(lead))
                .flatMap(rotated -> {
                    if (rotated) {
                        LOG.infof("signing key reaches its rotation interval; its successor signs from %s",
                                now.plus(lead));
                    }
                    return repository.deleteRetiredBefore(
                            now.minus(config.tokenLifetime()).minus(CLOCK_SKEW).minus(Duration.ofDays(1)));
                })
                .flatMap(deleted -> reload());
    }

    private record KeySet(List<SigningKey> published, Map<String, PublicKey> verificationKeys, String jwks) {

        /** Null when there are no keys. */
        static KeySet of(List<SigningKey> newestFirst) {
            if (newestFirst.isEmpty()) {
                return null;
            }
            Map<String, PublicKey> verification = newestFirst.stream()
                    .collect(Collectors.toUnmodifiableMap(SigningKey::kid, SigningKey::publicKey));
            return new KeySet(List.copyOf(newestFirst), verification, render(newestFirst));
        }

        /**
         * The key whose time it is. Decided per call, not per load, so the switch to a pre-published key
         * happens on time on every replica. Falls back to the newest key that has started, should the
         * schedule have a gap (it never retires one key before its successor starts).
         */
        SigningKey signerAt(Instant now) {
            return published.stream().filter(key -> key.signsAt(now)).findFirst()
                    .or(() -> published.stream().filter(key -> !key.signsFrom().isAfter(now)).findFirst())
                    .orElse(published.get(published.size() - 1));
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
