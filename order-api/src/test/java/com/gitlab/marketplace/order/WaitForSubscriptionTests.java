package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.salesforce.SalesforceSyncFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionFailed;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST waits (without blocking) for the Zuora subscription: 201 with its number when it arrives within the
 * window (3 s in tests), else 202 Creating. The connector result is published to the broker by the test.
 */
@QuarkusTest
class WaitForSubscriptionTests {

    private String token;

    @BeforeEach
    void partner() {
        String partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        token = TestTokens.partner(partnerId, "marketplace.order:create");
    }

    @Test
    void aSubscriptionCreatedWithinTheWindowIsAnsweredWith201AndItsNumber() throws Exception {
        String externalId = newExternalId();
        Waiting waiting = postAndAwaitOrderPlaced(externalId);
        CompletableFuture<Response> post = waiting.post();
        OrderPlaced order = waiting.order();
        Platform.publish(new ZuoraSubscriptionCreated(order.orderId(), "A-S00000100", "A00024400", "O-00000100",
                Instant.now()));

        Response response = post.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.header("Location")).endsWith("/api/v1/marketplace/subscriptions/" + externalId);
        assertThat(response.jsonPath().getString("subscriptionNumber")).isEqualTo("A-S00000100");
        assertThat(response.jsonPath().getString("id")).isEqualTo(order.orderId().toString());
    }

    @Test
    void aZuoraFailureWithinTheWindowIsAnErrorAndSoIsAReplayOfTheOrder() throws Exception {
        String externalId = newExternalId();
        Waiting waiting = postAndAwaitOrderPlaced(externalId);
        CompletableFuture<Response> post = waiting.post();
        OrderPlaced order = waiting.order();
        Platform.publish(new ZuoraSubscriptionFailed(order.orderId(), 0, false, FailureSource.ZUORA, "53100320",
                "Invalid value 'x' for field 'productRatePlanId'.", Instant.now()));

        Response response = post.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.header("Location")).endsWith("/api/v1/marketplace/subscriptions/" + externalId);
        assertThat(response.jsonPath().getString("error")).isEqualTo("subscription_failed");
        assertThat(response.jsonPath().getString("details[0].field")).isEqualTo("zuora");
        assertThat(response.jsonPath().getString("details[0].message")).startsWith("53100320: Invalid value");

        Response replay = given().auth().oauth2(token).contentType("application/json").body(body(externalId))
                .post("/api/v1/marketplace/subscriptions");
        assertThat(replay.statusCode()).isEqualTo(422);
        assertThat(replay.jsonPath().getString("error")).isEqualTo("subscription_failed");
        assertThat(replay.header("Location")).isEqualTo(response.header("Location"));
        // The order itself can still be read, Failed with its reasons.
        given().auth().oauth2(token).get(response.header("Location")).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("Failed"))
                .body("errors[0].code", org.hamcrest.Matchers.equalTo("53100320"));
    }

    @Test
    void aSalesforceFailureBeforeZuoraAnswersNeverMakesThePost422() throws Exception {
        String externalId = newExternalId();
        Waiting waiting = postAndAwaitOrderPlaced(externalId);
        CompletableFuture<Response> post = waiting.post();
        OrderPlaced order = waiting.order();
        // Salesforce's check is quicker than Zuora: the POST keeps waiting for billing's answer.
        Platform.publish(new SalesforceSyncFailed(order.orderId(), 0, false, FailureSource.SALESFORCE,
                "TRADING_PARTNER_NOT_FOUND", "trading partner unknown to Salesforce", Instant.now()));
        Thread.sleep(500);
        Platform.publish(new ZuoraSubscriptionCreated(order.orderId(), "A-S00000101", "A00024400", "O-00000101",
                Instant.now()));

        Response response = post.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.jsonPath().getString("status")).isEqualTo("Creating");
        assertThat(response.jsonPath().getString("subscriptionNumber")).isEqualTo("A-S00000101");
        assertThat(response.jsonPath().getString("errors[0].code")).isEqualTo("TRADING_PARTNER_NOT_FOUND");
    }

    @Test
    void aClientThatGivesUpWaitingLeavesNoWaiterBehind() throws Exception {
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create(
                        io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                                + "/api/v1/marketplace/subscriptions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofMillis(500))
                .POST(HttpRequest.BodyPublishers.ofString(
                        com.gitlab.marketplace.events.EventJson.mapper().writeValueAsString(body(newExternalId()))))
                .build();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> http.send(request,
                HttpResponse.BodyHandlers.discarding())))
                .isInstanceOf(HttpTimeoutException.class);

        // Well before the 3 s window would have ended the wait anyway.
        await().atMost(Duration.ofMillis(2000)).until(() -> waiter.registeredWaits() == 0);
    }

    @jakarta.inject.Inject
    com.gitlab.marketplace.order.service.StatusWaiter waiter;

    /** A POST that waits for Zuora, started in the background, and the OrderPlaced it published. */
    private record Waiting(CompletableFuture<Response> post, OrderPlaced order) {
    }

    private Waiting postAndAwaitOrderPlaced(String externalId) {
        CompletableFuture<Response> post = CompletableFuture.supplyAsync(() -> given().auth().oauth2(token)
                .contentType("application/json").body(body(externalId))
                .post("/api/v1/marketplace/subscriptions"));
        var placed = Platform.awaitRecords(Topics.ORDER_EVENTS, record -> record.value() != null
                && new String(record.value()).contains(externalId), 1);
        return new Waiting(post, (OrderPlaced) EventRecords.read(placed.get(0)).payload());
    }

    @Test
    void withoutASubscriptionWithinTheWindowTheAnswerIs202Creating() {
        long started = System.nanoTime();
        Response response = given().auth().oauth2(token).contentType("application/json").body(body(newExternalId()))
                .post("/api/v1/marketplace/subscriptions");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.jsonPath().getString("status")).isEqualTo("Creating");
        assertThat(response.header("Location")).isNotBlank();
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }
}
