package com.gitlab.marketplace.token;

import static com.gitlab.marketplace.token.TokenServiceApi.issueClient;
import static com.gitlab.marketplace.token.TokenServiceApi.registerPartner;
import static com.gitlab.marketplace.token.TokenServiceApi.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Our access tokens as RFC 9068 ("JWT Profile for OAuth 2.0 Access Tokens") requires them, checked by
 * Nimbus JOSE+JWT, a library that has no part in making them: header {@code typ: at+jwt}, and the claims
 * iss, exp, aud, sub, client_id, iat and jti, signed by a key of the published JWKS.
 */
@QuarkusTest
class AccessTokenProfileTests {

    @Test
    void aPartnerTokenIsAnRfc9068AccessToken() throws Exception {
        Map<String, String> client = issueClient(registerPartner("0018X00003TPartnr"),
                List.of("marketplace.order:create"));
        String token = token(client.get("clientId"), client.get("clientSecret"), "marketplace.order:create");
        String issuer = given().get("/.well-known/oauth-authorization-server").then().statusCode(200).extract()
                .path("issuer");

        JWTClaimsSet claims = processor(issuer).process(token, null);

        assertThat(claims.getSubject()).isEqualTo(client.get("clientId"));
        assertThat(claims.getStringClaim("client_id")).isEqualTo(client.get("clientId"));
        assertThat(claims.getStringClaim("scope")).isEqualTo("marketplace.order:create");
        assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
    }

    @Test
    void aTokenTypedAsAPlainJwtIsNotAnAccessTokenToAStrictVerifier() throws Exception {
        // The check above has teeth: the same processor refuses a token without the at+jwt type.
        String issuer = given().get("/.well-known/oauth-authorization-server").then().extract().path("issuer");
        String forged = "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.e30.c2ln";

        assertThatThrownBy(() -> processor(issuer).process(forged, null)).isInstanceOf(BadJOSEException.class)
                .hasMessageContaining("type");
    }

    private static DefaultJWTProcessor<SecurityContext> processor(String issuer) throws Exception {
        JWKSet keys = JWKSet.parse(given().get("/oauth/jwks").then().statusCode(200).extract().asString());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(keys)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("iss", "exp", "aud", "sub", "client_id", "iat", "jti")));
        return processor;
    }
}
