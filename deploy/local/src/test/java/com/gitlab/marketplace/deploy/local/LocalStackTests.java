package com.gitlab.marketplace.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.partner.PartnerRegistered;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
            assertThat(result.claims().path("iss").asText()).isEqualTo("http://localhost:8081");
            assertThat(result.partnerEvent().payload()).isInstanceOfSatisfying(PartnerRegistered.class,
                    event -> assertThat(event.partner().permittedTradingPartnerIds())
                            .containsExactly(Demo.TRADING_PARTNER_ID));
            // order-api accepted token-service's token (discovery + JWKS) and learned the partner from Kafka.
            assertThat(result.orderStatus().path("status").asText()).isEqualTo("Creating");
            assertThat(result.orderPlaced().payload()).isInstanceOfSatisfying(OrderPlaced.class, placed -> {
                assertThat(placed.partnerId()).isEqualTo(Demo.PARTNER_ID);
                assertThat(placed.externalSubscriptionId()).isEqualTo(Demo.EXTERNAL_SUBSCRIPTION_ID);
            });
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("curl -s -u '").contains("/oauth/token");
    }
}
