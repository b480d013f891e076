package com.gitlab.marketplace.outbox.relay;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows this replica's part in publishing the outbox (LEADER, STANDBY, ...). A standby is healthy. A leader
 * is DOWN when it has not completed a batch, heartbeats included, within the progress timeout: its engine
 * is stuck or Kafka does not acknowledge, and the outbox is backing up.
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
        Duration withoutProgress = relay.timeWithoutProgress();
        return HealthCheckResponse.named("outbox-relay")
                .status(relay.isMakingProgress())
                .withData("role", relay.role().map(Enum::name).orElse("DISABLED"))
                .withData("secondsWithoutProgress", withoutProgress.toSeconds())
                .build();
    }
}
