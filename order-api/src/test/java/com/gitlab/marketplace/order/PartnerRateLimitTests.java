package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.get;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static com.gitlab.marketplace.order.Orders.placeAsync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.gitlab.marketplace.events.partner.PartnerUpdated;
import com.gitlab.marketplace.events.partner.RateLimit;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import com.gitlab.marketplace.order.ratelimit.PartnerRateLimits;
import com.gitlab.marketplace.order.ratelimit.Quota;
import com.gitlab.marketplace.order.ratelimit.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** API.md §2.8: each partner's limits, its RateLimit headers, 429 past a limit, across replicas. */
@QuarkusTest
class PartnerRateLimitTests {

    @Inject
    Pool pool;

    @Test
    void aPartnerPastItsLimitGets429WithRetryAfterWhileAnotherPartnerIsServed() {
        String limited = Platform.registerPartner(new RateLimit(2, 5));
        String other = Platform.registerPartner();
        Platform.awaitReplicated(limited);
        Platform.awaitReplicated(other);
        String token = TestTokens.partner(limited, "marketplace.order:create");
        String placed = newExternalId();

        placeAsync(token, body(placed)).statusCode(202)
                .header("RateLimit-Limit", "2").header("RateLimit-Remaining", "1");
        for (int remaining = 4; remaining >= 0; remaining--) {
            get(token, placed).statusCode(200).header("RateLimit-Limit", "5")
                    .header("RateLimit-Remaining", Integer.toString(remaining));
        }
        ExtractableResponse<Response> refused = get(token, placed).statusCode(429)
                .body("error", equalTo("rate_limited")).body("message", containsString("5 read calls a minute"))
                .header("RateLimit-Remaining", "0").extract();
        // The read limit refills one call every 12 s.
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 12);
        assertThat(Integer.parseInt(refused.header("RateLimit-Reset"))).isBetween(48, 60);

        // Orders count against their own limit: the second passes, the third is refused; errors carry the headers.
        placeAsync(token, body(newExternalId())).statusCode(202).header("RateLimit-Remaining", "0");
        placeAsync(token, body(newExternalId())).statusCode(429).body("message", containsString("2 order calls"));

        // Another partner is served meanwhile, at the default limits, its 404 with the headers too.
        get(TestTokens.partner(other, "marketplace.order:read"), placed).statusCode(404)
                .header("RateLimit-Limit", "6000").header("RateLimit-Remaining", "5999");

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("marketplace_rate_limited_total{limit=\"read\",partner=\"" + limited + "\"} 1.0"))
                .body(containsString("marketplace_rate_limited_total{limit=\"order\",partner=\"" + limited + "\"} 1.0"));
    }

    @Test
    void aLimitHoldsAcrossReplicas() {
        String partnerId = Platform.registerPartner(new RateLimit(600, 10));
        Platform.awaitReplicated(partnerId);
        String token = TestTokens.partner(partnerId, "marketplace.order:read");
        // A second replica: its own caches and Bucket4j proxies, the same database.
        PartnerRateLimits otherReplica = new PartnerRateLimits(pool, new SimpleMeterRegistry(), true);

        for (int i = 0; i < 6; i++) {
            Optional<Quota> quota = otherReplica.take(partnerId, Usage.READS).await().atMost(Duration.ofSeconds(10));
            assertThat(quota).hasValueSatisfying(taken -> assertThat(taken.exceeded()).isFalse());
        }
        for (int remaining = 3; remaining >= 0; remaining--) {
            get(token, "PO-none").statusCode(404).header("RateLimit-Remaining", Integer.toString(remaining));
        }
        get(token, "PO-none").statusCode(429);
        assertThat(otherReplica.take(partnerId, Usage.READS).await().atMost(Duration.ofSeconds(10)))
                .hasValueSatisfying(taken -> assertThat(taken.exceeded()).isTrue());
    }

    @Test
    void aLargeLimitSettledEveryFewCallsHoldsAcrossReplicasWithinTheirUnsettledShare() {
        int perMinute = 1_000; // each replica settles every 5 calls (0.5 %) or 250 ms
        String partnerId = Platform.registerPartner(new RateLimit(600, perMinute));
        Platform.awaitReplicated(partnerId);
        String token = TestTokens.partner(partnerId, "marketplace.order:read");
        PartnerRateLimits otherReplica = new PartnerRateLimits(pool, new SimpleMeterRegistry(), true);
        long start = System.nanoTime();

        int takenThere = 0;
        while (!otherReplica.take(partnerId, Usage.READS).await().atMost(Duration.ofSeconds(10)).orElseThrow()
                .exceeded()) {
            takenThere++;
        }
        int takenHere = 0;
        while (get(token, "PO-none").extract().statusCode() == 404) {
            takenHere++;
        }

        // Refilled meanwhile: 1,000 a minute is one call every 60 ms.
        long refilled = Duration.ofNanos(System.nanoTime() - start).toMillis() / 60 + 1;
        assertThat(takenThere).isGreaterThanOrEqualTo(perMinute - 5);
        assertThat(takenThere + takenHere).isBetween(perMinute, perMinute + 2 * 5 + (int) refilled);
    }

    @Test
    void anOperatorsNewLimitActsWithinSeconds() {
        String partnerId = Platform.registerPartner(new RateLimit(600, 2));
        Platform.awaitReplicated(partnerId);
        String token = TestTokens.partner(partnerId, "marketplace.order:read");
        get(token, "PO-none").statusCode(404);
        get(token, "PO-none").statusCode(404).header("RateLimit-Remaining", "0");
        get(token, "PO-none").statusCode(429);

        Platform.publish(new PartnerUpdated(Platform.partner(partnerId, 2, new RateLimit(600, 600)), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                get(token, "PO-none").statusCode(404).header("RateLimit-Limit", "600"));
    }
}
