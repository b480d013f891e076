package com.gitlab.marketplace.outbox.relay;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows this replica's part in publishing the outbox (LEADER, STANDBY, ...). Always up: a standby replica
 * is healthy, and a leader whose Kafka is down keeps its lock and retries (its log says so).
 */
@Readiness
@ApplicationScoped
public class OutboxRelayHealth implements HealthCheck {

    private final OutboxRelayService relay;

    public OutboxRelayHealth(OutboxRelayService relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("outbox-relay")
                .up()
                .withData("role", relay.role().map(Enum::name).orElse("DISABLED"))
                .build();
    }
}
