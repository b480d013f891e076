package com.gitlab.marketplace.token;

import static com.gitlab.marketplace.token.TokenServiceApi.fromOwnSource;
import static com.gitlab.marketplace.token.TokenServiceApi.issueClient;
import static com.gitlab.marketplace.token.TokenServiceApi.registerPartner;
import static com.gitlab.marketplace.token.TokenServiceApi.requestToken;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /oauth/token exactly as API.md §1: encodings, client authentication, scopes, and every error. */
@QuarkusTest
class TokenEndpointTests {

    private static final String TRADING_PARTNER = "0018X00003TPartnr";
    private String partnerId;
    private String clientId;
    private String secret;

    @BeforeEach
    void partnerWithClient() {
        partnerId = registerPartner(TRADING_PARTNER);
        Map<String, String> client = issueClient(partnerId, List.of("marketplace.order:read", "marketplace.order:create"));
        clientId = client.get("clientId");
        secret = client.get("clientSecret");
    }

    @Test
    void formBodyGrantsATokenWithTheDocumentedBodyHeadersAndClaims() throws Exception {
        long before = Instant.now().getEpochSecond();
        String token = requestToken(clientId, secret, "marketplace.order:create")
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .contentType("application/json")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(7200))
                .body("scope", equalTo("marketplace.order:create"))
                .body("created_at", greaterThanOrEqualTo((int) before))
                .body("created_at", lessThanOrEqualTo((int) Instant.now().getEpochSecond()))
                .extract().path("access_token");

        JwtClaims claims = claimsOf(token);
        assertThat(claims.getIssuer()).isEqualTo("http://localhost:18081");
        assertThat(claims.getSubject()).isEqualTo(clientId);
        assertThat(claims.getAudience()).containsExactly("marketplace");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(7200);
        assertThat(claims.getJwtId()).isNotBlank();
        assertThat(claims.getStringClaimValue("scope")).isEqualTo("marketplace.order:create");
        assertThat(claims.getStringClaimValue("partner_id")).isEqualTo(partnerId);
        assertThat(header(token)).contains("\"alg\":\"ES256\"").contains("\"kid\"");
    }

    @Test
    void anOperatorsTokenLivesTenMinutesNotAPartnersTwoHours() throws Exception {
        String token = requestToken(TokenServiceApi.OPERATOR_ID, TokenServiceApi.OPERATOR_SECRET, "marketplace.admin")
                .statusCode(200).body("expires_in", equalTo(600)).extract().path("access_token");
        JwtClaims claims = claimsOf(token);
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(600);
    }

    @Test
    void jsonBodyWorksLikeTheFormBody() {
        fromOwnSource().contentType("application/json")
                .body(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret,
                        "scope", "marketplace.order:read"))
                .post("/oauth/token")
                .then().statusCode(200).body("scope", equalTo("marketplace.order:read"));
    }

    @Test
    void multipleScopesAreGrantedTogether() throws Exception {
        String token = requestToken(clientId, secret, "marketplace.order:read marketplace.order:create")
                .statusCode(200)
                .body("scope", equalTo("marketplace.order:read marketplace.order:create"))
                .extract().path("access_token");
        assertThat(claimsOf(token).getStringClaimValue("scope"))
                .isEqualTo("marketplace.order:read marketplace.order:create");
    }

    @Test
    void httpBasicAuthenticatesTheClientAndAloneIsUsedWhenPresent() {
        // RFC 6749 §2.3.1: id and secret are form-encoded before base64.
        fromOwnSource().header("Authorization", basic(clientId, secret))
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "marketplace.order:read")
                .post("/oauth/token")
                .then().statusCode(200);

        // Right Basic credentials win over wrong body credentials...
        fromOwnSource().header("Authorization", basic(clientId, secret))
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "someone-else")
                .formParam("client_secret", "wrong")
                .formParam("scope", "marketplace.order:read")
                .post("/oauth/token")
                .then().statusCode(200);

        // ...and wrong Basic credentials are not rescued by right body credentials.
        fromOwnSource().header("Authorization", basic(clientId, "wrong-secret"))
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .formParam("scope", "marketplace.order:read")
                .post("/oauth/token")
                .then().statusCode(401).body("error", equalTo("invalid_client"))
                .header("WWW-Authenticate", startsWith("Basic realm="));
    }

    @Test
    void invalidClientCasesAre401WithWwwAuthenticate() {
        assertError(requestToken("mkc_unknown", secret, "marketplace.order:read"), 401, "invalid_client")
                .header("WWW-Authenticate", startsWith("Basic realm="));
        assertError(requestToken(clientId, secret + "x", "marketplace.order:read"), 401, "invalid_client")
                .header("WWW-Authenticate", startsWith("Basic realm="));
        assertError(fromOwnSource().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials").formParam("scope", "marketplace.order:read")
                .post("/oauth/token").then(), 401, "invalid_client")
                .header("WWW-Authenticate", startsWith("Basic realm="));
        assertError(fromOwnSource().header("Authorization", "Basic !!!not-base64")
                .contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .post("/oauth/token").then(), 401, "invalid_client");
    }

    @Test
    void invalidRequestCasesAre400() {
        assertError(fromOwnSource().contentType("application/x-www-form-urlencoded")
                .formParam("client_id", clientId).formParam("client_secret", secret)
                .formParam("scope", "marketplace.order:read")
                .post("/oauth/token").then(), 400, "invalid_request");
        assertError(fromOwnSource().contentType("application/json").body("{\"grant_type\": ")
                .post("/oauth/token").then(), 400, "invalid_request");
        assertError(fromOwnSource().contentType("application/json").body("[\"client_credentials\"]")
                .post("/oauth/token").then(), 400, "invalid_request");
        assertError(fromOwnSource().contentType("text/plain").body("grant_type=client_credentials")
                .post("/oauth/token").then(), 400, "invalid_request");
    }

    @Test
    void duplicatedParametersAreRefusedInBothEncodings() {
        String form = "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret
                + "&scope=marketplace.order:read&scope=marketplace.order:create";
        assertError(fromOwnSource().contentType("application/x-www-form-urlencoded").body(form)
                .post("/oauth/token").then(), 400, "invalid_request")
                .body("error_description", equalTo("parameter 'scope' is included more than once"));
        String json = "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + clientId + "\",\"client_secret\":\""
                + secret + "\",\"scope\":\"marketplace.order:read\",\"scope\":\"marketplace.order:read\"}";
        assertError(fromOwnSource().contentType("application/json").body(json)
                .post("/oauth/token").then(), 400, "invalid_request");
    }

    @Test
    void anyGrantButClientCredentialsIsUnsupported() {
        assertError(fromOwnSource().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "password").formParam("client_id", clientId)
                .formParam("client_secret", secret).formParam("scope", "marketplace.order:read")
                .post("/oauth/token").then(), 400, "unsupported_grant_type");
    }

    @Test
    void scopeMissingEmptyUnknownOrNotGrantedIsInvalidScope() {
        assertError(fromOwnSource().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .post("/oauth/token").then(), 400, "invalid_scope");
        assertError(requestToken(clientId, secret, ""), 400, "invalid_scope");
        assertError(requestToken(clientId, secret, "marketplace.order:delete"), 400, "invalid_scope")
                .body("error_description", equalTo("unknown scope 'marketplace.order:delete'"));
        assertError(requestToken(clientId, secret, "marketplace.order:read marketplace.admin"), 400, "invalid_scope")
                .body("error_description", equalTo("scope 'marketplace.admin' is not granted to this client"));

        Map<String, String> readOnly = issueClient(partnerId, List.of("marketplace.order:read"));
        assertError(requestToken(readOnly.get("clientId"), readOnly.get("clientSecret"), "marketplace.order:create"),
                400, "invalid_scope");
    }

    @Test
    void checksRunClientFirstThenGrantTypeThenScope() {
        // A bad client with a bad grant and a bad scope is a client error.
        assertError(fromOwnSource().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "password").formParam("client_id", clientId)
                .formParam("client_secret", "wrong").formParam("scope", "nonsense")
                .post("/oauth/token").then(), 401, "invalid_client");
        // A good client with a bad grant and a bad scope is a grant error.
        assertError(fromOwnSource().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "password").formParam("client_id", clientId)
                .formParam("client_secret", secret).formParam("scope", "nonsense")
                .post("/oauth/token").then(), 400, "unsupported_grant_type");
    }

    @Test
    void repeatedFailuresForOneClientIdFromOneSourceAreThrottledThereButNeverLockThePartnerOut() {
        String attacker = "203.0.113.66";
        for (int i = 0; i < 5; i++) {
            assertError(tokenFrom(attacker, clientId, "wrong-" + i), 401, "invalid_client");
        }
        String retryAfter = assertError(tokenFrom(attacker, clientId, "wrong-again"), 429, "slow_down")
                .extract().header("Retry-After");
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60);

        // Client ids are public: the partner, from its own address or from the one it may share with the
        // attacker (a NAT, an ingress), still gets its tokens with its secret.
        tokenFrom("198.51.100.10", clientId, secret).statusCode(200);
        tokenFrom(attacker, clientId, secret).statusCode(200);
    }

    private static ValidatableResponse tokenFrom(String source, String clientId, String secret) {
        return given().header("X-Forwarded-For", source).contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .formParam("client_secret", secret).formParam("scope", "marketplace.order:read")
                .post("/oauth/token").then();
    }

    @Test
    void repeatedFailuresFromOneSourceThrottleEveryWrongSecretFromThereButNoRightOne() {
        String source = "203.0.113.77";
        for (int i = 0; i < 20; i++) {
            given().header("X-Forwarded-For", source).contentType("application/x-www-form-urlencoded")
                    .formParam("grant_type", "client_credentials").formParam("client_id", "mkc_guess" + i)
                    .formParam("client_secret", "guess").formParam("scope", "marketplace.order:read")
                    .post("/oauth/token").then().statusCode(401);
        }
        assertError(tokenFrom(source, "mkc_guess-more", "guess"), 429, "slow_down")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        assertError(tokenFrom(source, clientId, "wrong"), 429, "slow_down");
        // Every partner behind that address (an ingress whose forwarded address is not trusted, a NAT) still
        // gets its tokens; another source is unaffected.
        tokenFrom(source, clientId, secret).statusCode(200);
        requestToken(clientId, secret, "marketplace.order:read").statusCode(200);
    }

    static ValidatableResponse assertError(ValidatableResponse response, int status, String error) {
        return response.statusCode(status)
                .contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("error", equalTo(error))
                .body("error_description", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
    }

    static JwtClaims claimsOf(String token) throws Exception {
        return new JwtConsumerBuilder().setSkipSignatureVerification().setSkipAllValidators().build()
                .processToClaims(token);
    }

    private static String header(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                        + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }
}
