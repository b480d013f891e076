package com.gitlab.marketplace.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.partner.PartnerRegistered;
import com.gitlab.marketplace.events.zuora.ZuoraCalloutReceived;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command end to end: every service as its own process on the embedded infrastructure,
 * and the demo from operator onboarding to a partner token, the partner event, and an order in order-api.
 */
class LocalStackTests {

    @Test
    void theStackStartsAndTheDemoGetsAPartnerItsToken(@TempDir Path logs) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (LocalStack stack = new LocalStack(out)) {
            stack.start(LocalStack.projectRoot(), logs);

            Demo.Result result = new Demo(stack, out).run();

            assertThat(result.claims().path("partner_id").asText()).isEqualTo(Demo.PARTNER_ID);
            assertThat(result.claims().path("scope").asText()).isEqualTo("marketplace.order:create");
            // Tokens name the partner host as their issuer; the operator API is not on it.
            assertThat(result.claims().path("iss").asText()).isEqualTo("http://localhost:8080");
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl()
                    + "/admin/partners")).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
            assertThat(result.partnerEvent().payload()).isInstanceOfSatisfying(PartnerRegistered.class,
                    event -> assertThat(event.partner().permittedTradingPartnerIds())
                            .containsExactly(Demo.TRADING_PARTNER_ID));
            // order-api accepted token-service's token (discovery + JWKS) and learned the partner from Kafka;
            // zuora-connector created the subscription in the sandbox within the wait, and its callout came back.
            String subscriptionNumber = result.placed().path("subscriptionNumber").asText();
            assertThat(subscriptionNumber).matches("A-S\\d{8}");
            // salesforce-connector made the records and notification-service emailed the license: Provisioned.
            assertThat(result.orderStatus().path("status").asText()).isEqualTo("Provisioned");
            assertThat(stack.smtp().receivedMessages()).hasSize(1);
            assertThat(stack.smtp().receivedMessages().get(0).getAllRecipients()[0].toString())
                    .isEqualTo(Demo.CUSTOMER_EMAIL);
            assertThat(stack.smtp().receivedMessages().get(0).getSubject()).contains(subscriptionNumber);
            assertThat(result.orderStatus().path("subscriptionNumber").asText()).isEqualTo(subscriptionNumber);
            assertThat(result.callout().payload()).isInstanceOfSatisfying(ZuoraCalloutReceived.class,
                    callout -> assertThat(callout.subscriptionNumber()).isEqualTo(subscriptionNumber));
            assertThat(result.orderPlaced().payload()).isInstanceOfSatisfying(OrderPlaced.class, placed -> {
                assertThat(placed.partnerId()).isEqualTo(Demo.PARTNER_ID);
                assertThat(placed.externalSubscriptionId()).isEqualTo(Demo.EXTERNAL_SUBSCRIPTION_ID);
            });

            // With the shipped settings, over IPv4 loopback (where a gateway's X-Forwarded-For is checked), no
            // request of a few hundred may stall: a per-request DNS lookup once made one in ~55 wait 5 s.
            assertThat(stalls(URI.create(stack.tokenServiceUrl().replace("localhost", "127.0.0.1")), 300))
                    .as("token-service answers slower than 1 s").isEmpty();
            assertThat(stalls(URI.create(stack.orderApiUrl().replace("localhost", "127.0.0.1")), 300))
                    .as("order-api answers slower than 1 s").isEmpty();
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("curl -s -u '").contains("/oauth/token");
    }

    private static List<String> stalls(URI service, int requests) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            HttpRequest request = HttpRequest.newBuilder(service.resolve("/q/health/live"))
                    .header("X-Forwarded-For", "203.0.113." + (i % 250 + 1))
                    .timeout(Duration.ofSeconds(30)).build();
            long start = System.nanoTime();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(status).isEqualTo(200);
            if (millis > 1000) {
                slow.add("request " + i + " took " + millis + " ms");
            }
        }
        return slow;
    }
}
