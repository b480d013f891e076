package com.gitlab.marketplace.order;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

/** Access tokens as token-service issues them, signed by {@link TokenIssuerStandIn}'s key. */
final class TestTokens {

    private TestTokens() {
    }

    static String partner(String partnerId, String scope) {
        JwtClaims claims = claims("mkc_" + partnerId, scope);
        claims.setClaim("partner_id", partnerId);
        return sign(claims);
    }

    static String operator() {
        return sign(claims("operator", "marketplace.admin"));
    }

    static String expired(String partnerId) {
        JwtClaims claims = claims("mkc_" + partnerId, "marketplace.order:create");
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
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key);
            jws.setKeyIdHeaderValue(TokenIssuerStandIn.KID);
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }
}
