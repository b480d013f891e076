package com.gitlab.marketplace.token;

import static org.awaitility.Awaitility.await;

import com.gitlab.marketplace.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads {@code marketplace.partner.events} on the test broker, as a consumer service would. */
final class PartnerEventsTopic {

    private PartnerEventsTopic() {
    }

    /** Waits until {@code count} records keyed by {@code partnerId} (or a client id) are on the topic; returns them. */
    static List<ConsumerRecord<String, byte[]>> awaitRecords(String partnerId, int count) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PARTNER_EVENTS));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (partnerId.equals(record.key())) {
                        received.add(record);
                    }
                });
                return received.size() >= count;
            });
            // Anything more would be a duplicate publication.
            consumer.poll(Duration.ofSeconds(1)).forEach(record -> {
                if (partnerId.equals(record.key())) {
                    received.add(record);
                }
            });
        }
        return received;
    }
}
