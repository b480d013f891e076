package com.gitlab.marketplace.infrastructure.embedded;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Hands the JVM's in-JVM Kafka broker to a {@code @QuarkusTest} as {@code kafka.bootstrap.servers}. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                // The broker logs through the application's log manager; its INFO chatter hides test output.
                "quarkus.log.category.\"kafka\".level", "WARN",
                "quarkus.log.category.\"org.apache.kafka\".level", "WARN");
    }

    @Override
    public void stop() {
        // The broker is shared by every test of the JVM and stops with it.
    }
}
