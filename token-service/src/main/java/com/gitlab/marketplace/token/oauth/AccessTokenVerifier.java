package com.gitlab.marketplace.token.oauth;

import com.gitlab.marketplace.token.config.TokenServiceConfig;
import com.gitlab.marketplace.token.keys.SigningKeyStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Verifies our own access tokens in-process (token-service is the issuer, so it needs no discovery round
 * trip): signature by a published key, ES256 only, issuer, audience, expiry.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private final JwtConsumer consumer;

    public AccessTokenVerifier(SigningKeyStore keys, TokenServiceConfig config) {
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.audience())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver((JsonWebSignature jws, List<JsonWebStructure> nesting) -> {
                    Key key = keys.verificationKey(jws.getKeyIdHeaderValue()).orElse(null);
                    if (key == null) {
                        throw new UnresolvableKeyException("unknown key id");
                    }
                    return key;
                })
                .build();
    }

    /** The verified token's subject and scopes, or empty when the token is not valid. */
    public Optional<VerifiedToken> verify(String token) {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            String scope = claims.getClaimValueAsString("scope");
            Set<String> scopes = scope == null ? Set.of()
                    : Arrays.stream(scope.split(" ")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
            return Optional.of(new VerifiedToken(claims.getSubject(), scopes));
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Optional.empty();
        }
    }

    public record VerifiedToken(String subject, Set<String> scopes) {
    }
}
