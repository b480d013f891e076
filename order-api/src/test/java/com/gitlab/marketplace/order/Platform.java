package com.gitlab.marketplace.order;

import static org.awaitility.Awaitility.await;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.EventSource;
import com.gitlab.marketplace.events.MarketplaceEvent;
import com.gitlab.marketplace.events.partner.PartnerDetails;
import com.gitlab.marketplace.events.partner.PartnerRegistered;
import com.gitlab.marketplace.events.partner.RateLimit;
import com.gitlab.marketplace.infrastructure.embedded.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

/** The rest of the platform, as seen from order-api's tests: events published to and read from the broker. */
final class Platform {

    static final String TRADING_PARTNER = "0018X00003TPartnr";

    private Platform() {
    }

    /** Registers a partner the way token-service does (a PartnerRegistered event) and returns its id. */
    static String registerPartner() {
        return registerPartner(RateLimit.DEFAULT);
    }

    /** A partner with the given limits, as an operator registers it. */
    static String registerPartner(RateLimit limits) {
        String partnerId = "ptn-" + UUID.randomUUID().toString().substring(0, 8);
        publish(new PartnerRegistered(partner(partnerId, 1, limits), Instant.now()));
        return partnerId;
    }

    /** The partner {@link #registerPartner} registers, at {@code revision} with {@code limits}. */
    static PartnerDetails partner(String partnerId, long revision, RateLimit limits) {
        return new PartnerDetails(partnerId, "Partner " + partnerId, "A00001234", "0018X00003Distrib",
                List.of(TRADING_PARTNER), true, revision, limits);
    }

    /** Waits until order-api's partner replica has the partner. */
    static void awaitReplicated(String partnerId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> exists("SELECT 1 FROM partner WHERE partner_id = ?",
                partnerId));
    }

    /** Waits until the projection has consumed the record (its ce_id is in the processed-event log). */
    static void awaitProcessed(ProducerRecord<String, byte[]> record) {
        UUID id = UUID.fromString(new String(record.headers().lastHeader("ce_id").value(),
                StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(60)).until(() -> exists("SELECT 1 FROM processed_event WHERE event_id = ?",
                id));
    }

    private static boolean exists(String query, Object parameter) throws SQLException {
        var config = ConfigProvider.getConfig();
        try (var connection = DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
                var statement = connection.prepareStatement(query)) {
            statement.setObject(1, parameter);
            return statement.executeQuery().next();
        }
    }

    /** A record with valid CloudEvents headers for {@code type} but the given JSON, as a buggy producer sends it. */
    static ProducerRecord<String, byte[]> withPayload(com.gitlab.marketplace.events.EventType type, String key,
            String json) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(type.topic(), key,
                json.getBytes(StandardCharsets.UTF_8));
        com.gitlab.marketplace.events.CloudEventHeaders.write(record.headers(), UUID.randomUUID(), type.ceType(),
                EventSource.ZUORA_CONNECTOR.uri(), key, Instant.now());
        return record;
    }

    static ProducerRecord<String, byte[]> publish(MarketplaceEvent event) {
        return send(EventRecords.newRecord(source(event), event, Instant.now()));
    }

    static ProducerRecord<String, byte[]> send(ProducerRecord<String, byte[]> record) {
        return TopicRecords.send(bootstrapServers(), record);
    }

    /** Waits for the records on {@code topic} that match, reading from the beginning. */
    static List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, Predicate<ConsumerRecord<String, byte[]>> matching,
            int count) {
        return TopicRecords.await(bootstrapServers(), topic, matching, count, Duration.ofSeconds(60));
    }

    private static EventSource source(MarketplaceEvent event) {
        String name = event.getClass().getPackageName();
        if (name.endsWith("partner")) {
            return EventSource.TOKEN_SERVICE;
        }
        if (name.endsWith("zuora")) {
            return EventSource.ZUORA_CONNECTOR;
        }
        if (name.endsWith("salesforce")) {
            return EventSource.SALESFORCE_CONNECTOR;
        }
        return EventSource.NOTIFICATION_SERVICE;
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
