package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.get;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

/**
 * A partner token is verified once and then trusted from a cache (VerifiedTokens); what that cache must never
 * change: an expired token is refused, a token differing in its signature is refused, and every token is
 * verified again after the time-to-live (5 s in tests), which bounds how long a revoked key's tokens live on.
 * Reading an order that does not exist answers 404 to an authenticated caller and 401 to anyone else.
 */
@QuarkusTest
class VerifiedTokenCacheTests {

    private static final String HITS = "cache_gets_total{cache=\"verified_tokens\",result=\"hit\"}";
    private static final String MISSES = "cache_gets_total{cache=\"verified_tokens\",result=\"miss\"}";

    private final String partnerId = "ptn-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aTokenIsVerifiedOnceThenTrustedUntilTheTimeToLivePasses() throws InterruptedException {
        String token = TestTokens.partner(partnerId, "marketplace.order:read");
        double hits = value(HITS);
        double misses = value(MISSES);

        for (int i = 0; i < 3; i++) {
            get(token, "no-such-order").statusCode(404);
        }
        assertThat(value(MISSES)).as("verified once").isEqualTo(misses + 1);
        assertThat(value(HITS)).as("then trusted").isEqualTo(hits + 2);

        Thread.sleep(Duration.ofSeconds(6).toMillis());
        get(token, "no-such-order").statusCode(404);
        assertThat(value(MISSES)).as("verified again after the time-to-live").isEqualTo(misses + 2);
    }

    @Test
    void aTrustedTokenIsRefusedOnceItExpires() throws InterruptedException {
        long expiresAt = System.currentTimeMillis() / 1000 + 2;
        String token = TestTokens.partnerWith(partnerId, claims -> claims.setExpirationTime(
                NumericDate.fromSeconds(expiresAt)));
        get(token, "no-such-order").statusCode(404);
        get(token, "no-such-order").statusCode(404);

        Thread.sleep(Math.max(0, (expiresAt + 1) * 1000 - System.currentTimeMillis()));
        get(token, "no-such-order").statusCode(401);
    }

    @Test
    void aTokenDifferingFromATrustedOneOnlyInItsSignatureIsRefused() {
        String token = TestTokens.partner(partnerId, "marketplace.order:read");
        get(token, "no-such-order").statusCode(404);

        // A character in the middle of the signature: every bit of it is signature, none is base64 padding.
        int at = token.lastIndexOf('.') + 20;
        String forged = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        get(forged, "no-such-order").statusCode(401);
        get(token, "no-such-order").statusCode(404);
    }

    /** A sample's value from /q/metrics; 0 before the series exists. */
    private static double value(String series) {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }
}
