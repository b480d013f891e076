package com.gitlab.marketplace.token;

import static com.gitlab.marketplace.token.TokenServiceApi.issueClient;
import static com.gitlab.marketplace.token.TokenServiceApi.operatorToken;
import static com.gitlab.marketplace.token.TokenServiceApi.registerPartner;
import static com.gitlab.marketplace.token.TokenServiceApi.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.gitlab.marketplace.token.keys.SigningKeyStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A resource server using quarkus-oidc, configured only with our issuer URL, accepts our tokens through
 * discovery and JWKS, keeps accepting tokens of a rotated-out key, and rejects expired and forged ones.
 */
@QuarkusTest
class ResourceServerValidationTests {

    @Inject
    SigningKeyStore keys;

    private String clientId;
    private String secret;

    @BeforeEach
    void client() {
        Map<String, String> client = issueClient(registerPartner("0018X00003TPartnr"), List.of("marketplace.order:read"));
        clientId = client.get("clientId");
        secret = client.get("clientSecret");
    }

    @Test
    void aFreshTokenIsAccepted() {
        String token = token(clientId, secret, "marketplace.order:read");
        given().auth().oauth2(token).get("/resource-server-probe").then().statusCode(200).body(equalTo(clientId));
    }

    @Test
    void aNewKeyIsPublishedBeforeItSignsAndTheOldOneKeepsVerifying() throws Exception {
        String before = token(clientId, secret, "marketplace.order:read");
        String oldKid = kid(before);

        String newKid = given().auth().oauth2(operatorToken()).post("/admin/signing-keys/rotate")
                .then().statusCode(200).body("active", equalTo(false)).extract().path("kid");
        assertThat(newKid).isNotEqualTo(oldKid);

        // Published at once, but the old key still signs during the publish lead (3 s in tests).
        List<String> published = given().get("/oauth/jwks").then().statusCode(200).extract().path("keys.kid");
        assertThat(published).contains(oldKid, newKid);
        assertThat(kid(token(clientId, secret, "marketplace.order:read"))).isEqualTo(oldKid);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> kid(token(clientId, secret, "marketplace.order:read")).equals(newKid));
        String after = token(clientId, secret, "marketplace.order:read");
        given().auth().oauth2(after).get("/resource-server-probe").then().statusCode(200);
        given().auth().oauth2(before).get("/resource-server-probe").then().statusCode(200);
    }

    @Test
    void aRevokedKeyLeavesTheJwksAtOnceAndItsTokensStopVerifying() throws Exception {
        String before = token(clientId, secret, "marketplace.order:read");
        String revokedKid = kid(before);
        given().auth().oauth2(before).get("/resource-server-probe").then().statusCode(200);

        List<String> left = given().auth().oauth2(operatorToken()).post("/admin/signing-keys/{kid}/revoke", revokedKid)
                .then().statusCode(200).extract().path("kid");
        assertThat(left).isNotEmpty().doesNotContain(revokedKid);
        List<String> published = given().get("/oauth/jwks").then().statusCode(200).extract().path("keys.kid");
        assertThat(published).doesNotContain(revokedKid);

        String after = token(clientId, secret, "marketplace.order:read");
        assertThat(kid(after)).isNotEqualTo(revokedKid).isIn(published);
        given().auth().oauth2(after).get("/resource-server-probe").then().statusCode(200);
        // The probe refreshes its JWKS at most every second in tests; afterwards the revoked key is unknown.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                given().auth().oauth2(before).get("/resource-server-probe").then().extract().statusCode() == 401);

        given().auth().oauth2(operatorToken()).post("/admin/signing-keys/{kid}/revoke", revokedKid)
                .then().statusCode(404);
    }

    @Test
    void anExpiredTokenIsRejected() throws Exception {
        JwtClaims claims = validClaims();
        claims.setIssuedAt(NumericDate.fromSeconds(Instant.now().minusSeconds(7200 + 600).getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().minusSeconds(600).getEpochSecond()));
        String expired = sign(claims, keys.active().privateKey(), keys.active().kid());
        assertRejected(expired);
    }

    @Test
    void aTokenWithAChangedPayloadIsRejected() throws Exception {
        String token = token(clientId, secret, "marketplace.order:read");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("marketplace.order:read", "marketplace.order:create");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertRejected(tampered);
    }

    @Test
    void anUnsignedAlgNoneTokenIsRejected() throws Exception {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"alg\":\"none\",\"kid\":\"" + keys.active().kid() + "\"}").getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(validClaims().toJson().getBytes(StandardCharsets.UTF_8));
        assertRejected(header + "." + payload + ".");
    }

    @Test
    void aTokenSignedWithAnotherKeyUnderOurKidIsRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String forged = sign(validClaims(), generator.generateKeyPair().getPrivate(), keys.active().kid());
        assertRejected(forged);
    }

    @Test
    void theProbeRejectsRequestsWithoutToken() {
        given().get("/resource-server-probe").then().statusCode(401);
    }

    private JwtClaims validClaims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("http://localhost:18081");
        claims.setSubject(clientId);
        claims.setAudience("marketplace");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(60);
        claims.setGeneratedJwtId();
        claims.setClaim("scope", "marketplace.order:read");
        return claims;
    }

    private static String sign(JwtClaims claims, PrivateKey key, String kid) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        return jws.getCompactSerialization();
    }

    private static void assertRejected(String token) {
        given().auth().oauth2(token).get("/resource-server-probe").then().statusCode(401);
    }

    private static String kid(String token) throws Exception {
        return new JwtConsumerBuilder().setSkipSignatureVerification().setSkipAllValidators().build()
                .process(token).getJoseObjects().get(0).getKeyIdHeaderValue();
    }
}
