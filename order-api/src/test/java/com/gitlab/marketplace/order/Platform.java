package com.gitlab.marketplace.order;

import static org.awaitility.Awaitility.await;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.EventSource;
import com.gitlab.marketplace.events.MarketplaceEvent;
import com.gitlab.marketplace.events.partner.PartnerDetails;
import com.gitlab.marketplace.events.partner.PartnerRegistered;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** The rest of the platform, as seen from order-api's tests: events published to and read from the broker. */
final class Platform {

    static final String TRADING_PARTNER = "0018X00003TPartnr";

    private Platform() {
    }

    /** Registers a partner the way token-service does (a PartnerRegistered event) and returns its id. */
    static String registerPartner() {
        String partnerId = "ptn-" + UUID.randomUUID().toString().substring(0, 8);
        publish(new PartnerRegistered(new PartnerDetails(partnerId, "Partner " + partnerId, "A00001234",
                "0018X00003Distrib", List.of(TRADING_PARTNER), true, 1), Instant.now()));
        return partnerId;
    }

    /** Waits until order-api's partner replica has the partner. */
    static void awaitReplicated(String partnerId) {
        var config = ConfigProvider.getConfig();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try (var connection = java.sql.DriverManager.getConnection(
                    config.getValue("quarkus.datasource.jdbc.url", String.class),
                    config.getValue("quarkus.datasource.username", String.class),
                    config.getValue("quarkus.datasource.password", String.class));
                    var query = connection.prepareStatement("SELECT 1 FROM partner WHERE partner_id = ?")) {
                query.setString(1, partnerId);
                return query.executeQuery().next();
            }
        });
    }

    static ProducerRecord<String, byte[]> publish(MarketplaceEvent event) {
        return send(EventRecords.newRecord(source(event), event, Instant.now()));
    }

    static ProducerRecord<String, byte[]> send(ProducerRecord<String, byte[]> record) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get();
            return record;
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    /** Waits for the records on {@code topic} that match, reading from the beginning. */
    static List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, Predicate<ConsumerRecord<String, byte[]>> matching,
            int count) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (matching.test(r)) {
                        received.add(r);
                    }
                });
                return received.size() >= count;
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(r -> {
                if (matching.test(r)) {
                    received.add(r);
                }
            });
        }
        return received;
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
