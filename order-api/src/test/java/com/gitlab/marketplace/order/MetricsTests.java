package com.gitlab.marketplace.order;

import static com.gitlab.marketplace.order.Orders.body;
import static com.gitlab.marketplace.order.Orders.newExternalId;
import static com.gitlab.marketplace.order.Orders.placeAsync;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.gitlab.marketplace.events.salesforce.SalesforceRecordsCreated;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.infrastructure.embedded.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What operators alert on, as Prometheus scrapes it from {@code /q/metrics}: orders accepted, rejected by
 * reason, each status reached with the time it took, and the outbox's backlog, lag and leader.
 */
@QuarkusTest
class MetricsTests {

    @Test
    void ordersAcceptedRejectedAndTheirStatusesAreCounted() {
        String partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        String token = TestTokens.partner(partnerId, "marketplace.order:create");
        double acceptedBefore = value("marketplace_orders_accepted_total");
        double refusedBefore = value("marketplace_orders_rejected_total{reason=\"validation_failed\"}");
        double createdBefore = value("marketplace_orders_status_reached_total{status=\"Created\"}");

        UUID orderId = UUID.fromString(placeAsync(token, body(newExternalId())).statusCode(202).extract().path("id"));
        placeAsync(token, "{\"externalSubscriptionId\":\"\"}").statusCode(422);
        Platform.publish(new ZuoraSubscriptionCreated(orderId, "A-S00000077", "A00024362", "O-00000077", Instant.now()));
        Platform.publish(new SalesforceRecordsCreated(orderId, "001A", "003C", "006O", "A-S00000077", Instant.now()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                // At least: an earlier test's order may reach Created meanwhile.
                assertThat(value("marketplace_orders_status_reached_total{status=\"Created\"}"))
                        .isGreaterThanOrEqualTo(createdBefore + 1));
        assertThat(value("marketplace_orders_accepted_total")).isEqualTo(acceptedBefore + 1);
        assertThat(value("marketplace_orders_rejected_total{reason=\"validation_failed\"}")).isEqualTo(refusedBefore + 1);
        assertThat(value("marketplace_orders_time_to_status_seconds_count{status=\"Created\"}")).isGreaterThanOrEqualTo(1);
        String scrape = scrape();
        assertThat(scrape).contains("# HELP marketplace_orders_accepted New orders accepted")
                .contains("marketplace_orders_time_to_status_seconds_bucket{status=\"Created\"");
    }

    @Test
    void theOutboxShowsItsBacklogLagAndLeader() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(value("marketplace_outbox_relay_leader"))
                .isEqualTo(1));
        assertThat(value("marketplace_outbox_backlog_events")).isGreaterThanOrEqualTo(0);
        assertThat(value("marketplace_outbox_oldest_event_age_seconds")).isGreaterThanOrEqualTo(0);
        assertThat(scrape()).contains("# HELP marketplace_outbox_oldest_event_age_seconds Age of the oldest");
    }

    @Test
    void everyOrderOutboxDeadLetterAndConsumerSeriesTheGrafanaDashboardQueriesExists() throws Exception {
        String dashboard = Files.readString(Path.of("../deploy/helm/grafana/marketplace-dashboard.json"));
        // The series exist once counted: one order accepted and one refused, as in the test above.
        String partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        String token = TestTokens.partner(partnerId, "marketplace.order:create");
        placeAsync(token, body(newExternalId())).statusCode(202);
        placeAsync(token, "{\"externalSubscriptionId\":\"\"}").statusCode(422);
        Matcher series = Pattern.compile("marketplace_(orders|outbox|dead_letters)_[a-z_]+|kafka_consumer_[a-z_]+")
                .matcher(dashboard);
        List<String> queried = new ArrayList<>();
        while (series.find()) {
            queried.add(series.group());
        }
        assertThat(queried).hasSizeGreaterThanOrEqualTo(11).contains("marketplace_orders_stuck",
                "marketplace_dead_letters_total", "kafka_consumer_fetch_manager_records_lag_max");
        // The stuck gauge shows once an order has waited (1 s in tests): the one placed above, with no connector.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String scrape = scrape();
            assertThat(queried).allSatisfy(name -> assertThat(scrape).as("the dashboard queries " + name)
                    .contains(name));
        });
    }

    @Test
    void everyOrderOutboxAndConsumerSeriesTheChartsAlertsQueryExists() throws Exception {
        String rules = Files.readString(Path.of("../deploy/helm/marketplace/templates/prometheusrule.yaml"));
        String partnerId = Platform.registerPartner();
        Platform.awaitReplicated(partnerId);
        placeAsync(TestTokens.partner(partnerId, "marketplace.order:create"), body(newExternalId())).statusCode(202);

        Matcher series = Pattern.compile("marketplace_(orders|outbox)_[a-z_]+|kafka_consumer_[a-z_]+").matcher(rules);
        List<String> queried = new ArrayList<>();
        while (series.find()) {
            queried.add(series.group());
        }
        assertThat(queried).contains("marketplace_orders_stuck", "marketplace_outbox_relay_leader",
                "kafka_consumer_fetch_manager_records_lag_max");
        // The stuck gauge shows once an order has waited (1 s in tests): the one placed above, with no connector.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String scrape = scrape();
            assertThat(queried).allSatisfy(name -> assertThat(scrape).as("the alerts query " + name).contains(name));
        });
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** A sample's value; 0 when the series does not exist yet (a counter never incremented). */
    private static double value(String series) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape());
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }
}
