package com.gitlab.marketplace.token.oauth;

import com.gitlab.marketplace.token.client.OAuthClient;
import com.gitlab.marketplace.token.config.TokenServiceConfig;
import com.gitlab.marketplace.token.keys.SigningKey;
import com.gitlab.marketplace.token.keys.SigningKeyStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Issues JWT access tokens signed with the active key (ES256: signing is several times cheaper than
 * RS256, and every JOSE library verifies it). Claims: iss, sub and client_id (the client), aud, iat, exp,
 * jti, scope (space separated) and, for partner clients, partner_id.
 */
@ApplicationScoped
public class TokenIssuer {

    public static final String PARTNER_ID_CLAIM = "partner_id";

    private final SigningKeyStore keys;
    private final TokenServiceConfig config;

    public TokenIssuer(SigningKeyStore keys, TokenServiceConfig config) {
        this.keys = keys;
        this.config = config;
    }

    public IssuedToken issue(OAuthClient client, String scope, Instant now) {
        long issuedAt = now.getEpochSecond();
        long lifetime = (client.partnerId() == null ? config.operatorTokenLifetime() : config.tokenLifetime())
                .toSeconds();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.issuer());
        claims.setSubject(client.clientId());
        claims.setAudience(config.audience());
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        claims.setExpirationTime(NumericDate.fromSeconds(issuedAt + lifetime));
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("client_id", client.clientId());
        claims.setClaim("scope", scope);
        if (client.partnerId() != null) {
            claims.setClaim(PARTNER_ID_CLAIM, client.partnerId());
        }

        SigningKey key = keys.active();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.privateKey());
        jws.setKeyIdHeaderValue(key.kid());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        // An OAuth 2.0 access token as RFC 9068 profiles it, so no verifier can take it for an ID token.
        jws.setHeader("typ", "at+jwt");
        try {
            return new IssuedToken(jws.getCompactSerialization(), lifetime, scope, issuedAt);
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign a token with key " + key.kid(), e);
        }
    }

    /** What the token endpoint returns on success. */
    public record IssuedToken(String accessToken, long expiresIn, String scope, long createdAt) {
    }
}
