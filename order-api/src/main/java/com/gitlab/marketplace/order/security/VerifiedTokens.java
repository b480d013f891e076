package com.gitlab.marketplace.order.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.gitlab.marketplace.order.config.OrderApiConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens verified once, then trusted until they expire or {@code order-api.verified-token-ttl} passes,
 * whichever is first. quarkus-oidc parses the token and checks its ES256 signature, issuer, audience and
 * expiry on every request; partners send the same token for up to two hours, and that check was the largest
 * share of a status read's CPU.
 *
 * <p>An authentication mechanism ahead of quarkus-oidc's: a trusted token skips quarkus-oidc altogether (its
 * mechanism also decodes the token's JSON on every request before verifying it). Keyed by the SHA-256 of the
 * whole token, signature included: a token that differs in any byte (a forged signature on a known payload)
 * is a miss and goes to quarkus-oidc. Only identities quarkus-oidc produced are kept. The time-to-live bounds
 * what the cache adds to a signing key's revocation: a token is verified again at least that often, and
 * quarkus-oidc refuses it once its own copy of the revoked key has expired.
 */
@ApplicationScoped
public class VerifiedTokens implements HttpAuthenticationMechanism {

    /** Marks an identity served from here, so {@link Recorder} does not store it again. */
    private static final String FROM_CACHE = VerifiedTokens.class.getName();
    private static final String BEARER = "Bearer ";

    private final Cache<String, Verified> cache;
    private final Duration timeToLive;

    public VerifiedTokens(OrderApiConfig config, MeterRegistry registry) {
        this.timeToLive = config.verifiedTokenTtl();
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.verifiedTokenCacheSize())
                .expireAfter(Expiry.creating((String key, Verified entry) -> entry.remaining(Instant.now())))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, cache, "verified_tokens");
    }

    /** Before quarkus-oidc's mechanism, which verifies what this one does not answer. */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = bearerToken(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        String key = key(token);
        Verified verified = cache.getIfPresent(key);
        if (verified == null) {
            return Uni.createFrom().nullItem();
        }
        if (verified.remaining(Instant.now()).isZero()) {
            cache.invalidate(key);
            return Uni.createFrom().nullItem();
        }
        // The cached identity carries the request it was verified on; this one carries the current request.
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(verified.identity())
                .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, context)
                .addAttribute(FROM_CACHE, Boolean.TRUE)
                .build());
    }

    /** quarkus-oidc's challenge (RFC 6750) is the one partners get. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    void remember(SecurityIdentity identity) {
        if (identity.getAttribute(FROM_CACHE) != null || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (credential == null || credential.getToken() == null) {
            return;
        }
        Instant now = Instant.now();
        Instant until = Instant.ofEpochSecond(jwt.getExpirationTime());
        if (until.isAfter(now.plus(timeToLive))) {
            until = now.plus(timeToLive);
        }
        // Without the request it was verified on: an entry must not keep that request alive for its lifetime.
        SecurityIdentity withoutRequest = QuarkusSecurityIdentity.builder(identity)
                .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, null)
                .addAttribute(AuthenticationRequestContext.class.getName(), null)
                .build();
        cache.put(key(credential.getToken()), new Verified(withoutRequest, until));
    }

    private static String key(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private record Verified(SecurityIdentity identity, Instant until) {

        Duration remaining(Instant now) {
            return now.isBefore(until) ? Duration.between(now, until) : Duration.ZERO;
        }
    }

    /** Stores what quarkus-oidc verified; last among augmentors, so a cached identity is a complete one. */
    @ApplicationScoped
    public static class Recorder implements SecurityIdentityAugmentor {

        private final VerifiedTokens tokens;

        public Recorder(VerifiedTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public int priority() {
            return Integer.MIN_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            if (!identity.isAnonymous()) {
                tokens.remember(identity);
            }
            return Uni.createFrom().item(identity);
        }
    }
}
