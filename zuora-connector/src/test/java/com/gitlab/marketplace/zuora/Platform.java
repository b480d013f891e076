package com.gitlab.marketplace.zuora;

import static io.restassured.RestAssured.given;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.EventSource;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.MarketplaceEvent;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.events.order.Address;
import com.gitlab.marketplace.events.order.Contact;
import com.gitlab.marketplace.events.order.Customer;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.infrastructure.embedded.TopicRecords;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the tests do around the connector: publish order events, read results, look into the sandbox. */
final class Platform {

    static final String PREMIUM_SAAS = "8a28aa0b7e1c4d01017e1f0a1b2c0001";
    static final String PREMIUM_SAAS_CHARGE = "8a28aa0b7e1c4d01017e1f0a1b2c0101";
    static final String INVOICE_OWNER = "A00001234";

    private Platform() {
    }

    static OrderPlaced order(String ratePlanId, String chargeId, int quantity) {
        return order(INVOICE_OWNER, ratePlanId, chargeId, quantity);
    }

    static OrderPlaced order(String invoiceOwner, String ratePlanId, String chargeId, int quantity) {
        UUID orderId = UUID.randomUUID();
        return new OrderPlaced(orderId, "ptn-test", "PO-" + orderId, "0018X00003TPartnr", invoiceOwner,
                "0018X00003Distrib",
                new Customer("Acme Corp", new Contact("Ada", "Lovelace", "ada@acme.example", "+1 555 0100"),
                        new Address("1 Main St", null, "Springfield", "IL", "62701", "US")),
                List.of(new OrderLine("premium-saas-1y", "GitLab Premium (SaaS), 1 year", quantity, 12, "premium",
                        ratePlanId, chargeId, "GL-PREM-SAAS-1Y", OrderLine.PLAN)),
                Instant.now());
    }

    static ProducerRecord<String, byte[]> publish(MarketplaceEvent event) {
        return send(EventRecords.newRecord(EventSource.ORDER_API, event, Instant.now()));
    }

    static ProducerRecord<String, byte[]> send(ProducerRecord<String, byte[]> record) {
        return TopicRecords.send(bootstrapServers(), record);
    }

    /** The zuora events about the order, at least {@code count} of them (read from the beginning). */
    static List<ReceivedEvent> zuoraEvents(UUID orderId, int count) {
        return TopicRecords.await(bootstrapServers(), Topics.ZUORA_EVENTS, r -> orderId.toString().equals(r.key()),
                count, Duration.ofSeconds(60)).stream().map(EventRecords::read).toList();
    }

    /** The connector's results of creating the order's subscription (created, failed, stuck). */
    static List<ReceivedEvent> zuoraResults(UUID orderId, int count) {
        return zuoraEventsOfType(orderId, count, EventType.ZUORA_SUBSCRIPTION_CREATED, EventType.ZUORA_SUBSCRIPTION_FAILED,
                EventType.ZUORA_SUBSCRIPTION_STUCK);
    }

    /** The order's zuora events of these types, at least {@code count} of them (read from the beginning). */
    static List<ReceivedEvent> zuoraEventsOfType(UUID orderId, int count, EventType... types) {
        Set<String> ceTypes = Arrays.stream(types).map(EventType::ceType).collect(Collectors.toSet());
        return TopicRecords.await(bootstrapServers(), Topics.ZUORA_EVENTS, r -> orderId.toString().equals(r.key())
                        && ceTypes.contains(new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8)),
                count, Duration.ofSeconds(60)).stream().map(EventRecords::read).toList();
    }

    /** The order's events of one type, as their payloads. */
    static <T> List<T> payloads(UUID orderId, int count, EventType type, Class<T> payload) {
        return zuoraEventsOfType(orderId, count, type).stream().map(e -> payload.cast(e.payload())).toList();
    }

    /** How often {@code metric} with these labels was counted, summed over its series, on /q/metrics. */
    static double metric(String metric, String... labels) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** Runs SQL on the connector's database (for a state a crash would leave). */
    static void sql(String statement, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(config("quarkus.datasource.jdbc.url"),
                config("quarkus.datasource.username"), config("quarkus.datasource.password"));
                PreparedStatement prepared = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                prepared.setObject(i + 1, parameters[i]);
            }
            prepared.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    static void activation(Map<String, Object> knobs) {
        given().baseUri(sandboxUrl()).contentType("application/json").body(knobs).put("/sandbox/activation")
                .then().statusCode(200);
    }

    static void calloutSettings(Map<String, Object> settings) {
        given().baseUri(sandboxUrl()).contentType("application/json").body(settings)
                .put("/sandbox/callout-settings").then().statusCode(204);
    }

    static String sandboxUrl() {
        return ConfigProvider.getConfig().getValue("zuora-connector.zuora.base-url", String.class);
    }

    static void faults(Map<String, Object> knobs) {
        given().baseUri(sandboxUrl()).contentType("application/json").body(knobs).put("/sandbox/faults")
                .then().statusCode(200);
    }

    /** The sandbox's subscriptions created for an order. */
    static List<Map<String, Object>> subscriptionsOf(UUID orderId) {
        JsonPath all = given().baseUri(sandboxUrl()).get("/sandbox/subscriptions").then().statusCode(200)
                .extract().jsonPath();
        return all.<Map<String, Object>>getList("").stream()
                .filter(s -> orderId.toString().equals(s.get("MarketplaceOrderId__c"))).toList();
    }

    static String bootstrapServers() {
        return config("kafka.bootstrap.servers");
    }
}
