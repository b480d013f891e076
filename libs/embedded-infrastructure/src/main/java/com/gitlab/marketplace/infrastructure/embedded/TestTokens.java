package com.gitlab.marketplace.infrastructure.embedded;

import com.gitlab.marketplace.oauth.scopes.Scopes;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.function.Consumer;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/** Access tokens as token-service issues them, signed by {@link TokenIssuerStandIn}'s key. */
public final class TestTokens {

    private TestTokens() {
    }

    public static String partner(String partnerId, String scope) {
        JwtClaims claims = claims("mkc_" + partnerId, scope);
        claims.setClaim("partner_id", partnerId);
        return sign(claims);
    }

    /** A partner token changed before signing, e.g. with another issuer or audience. */
    public static String partnerWith(String partnerId, Consumer<JwtClaims> change) {
        JwtClaims claims = claims("mkc_" + partnerId, Scopes.ORDER_CREATE + " " + Scopes.ORDER_READ);
        claims.setClaim("partner_id", partnerId);
        change.accept(claims);
        return sign(claims);
    }

    /** A well-formed partner token signed by a key the issuer never published, under the issuer's key id. */
    public static String partnerSignedByAForeignKey(String partnerId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            JwtClaims claims = claims("mkc_" + partnerId, Scopes.ORDER_READ);
            claims.setClaim("partner_id", partnerId);
            return sign(claims, generator.generateKeyPair().getPrivate(), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A partner token with {@code alg: none} and no signature. */
    public static String partnerUnsigned(String partnerId) {
        JwtClaims claims = claims("mkc_" + partnerId, Scopes.ORDER_READ);
        claims.setClaim("partner_id", partnerId);
        return sign(claims, null, AlgorithmIdentifiers.NONE);
    }

    public static String operator() {
        return operator("operator");
    }

    /** An operator token of the given client. */
    public static String operator(String clientId) {
        return sign(claims(clientId, Scopes.ADMIN));
    }

    public static String expired(String partnerId) {
        JwtClaims claims = claims("mkc_" + partnerId, Scopes.ORDER_CREATE);
        claims.setClaim("partner_id", partnerId);
        claims.setIssuedAt(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 7800));
        claims.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 600));
        return sign(claims);
    }

    private static JwtClaims claims(String clientId, String scope) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(System.getProperty(TokenIssuerStandIn.URL_PROPERTY));
        claims.setSubject(clientId);
        claims.setAudience("marketplace");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(120);
        claims.setGeneratedJwtId();
        claims.setClaim("client_id", clientId);
        claims.setClaim("scope", scope);
        return claims;
    }

    private static String sign(JwtClaims claims) {
        try {
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(System.getProperty(TokenIssuerStandIn.KEY_PROPERTY))));
            return sign(claims, key, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test issuer's key", e);
        }
    }

    private static String sign(JwtClaims claims, PrivateKey key, String algorithm) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key);
            jws.setKeyIdHeaderValue(TokenIssuerStandIn.KID);
            jws.setAlgorithmHeaderValue(algorithm);
            jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }
}
