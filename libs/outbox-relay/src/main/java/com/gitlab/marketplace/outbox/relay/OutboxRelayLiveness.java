package com.gitlab.marketplace.outbox.relay;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Catches a leader that is stuck for good. The relay restarts an engine that completes nothing for the
 * progress timeout by itself (and readiness reports it at once, {@link OutboxRelayHealth}); a leader still
 * without progress after {@value #TIMEOUTS} progress timeouts is not helped by that, so the process is restarted,
 * which also hands the lead to another replica.
 */
@Liveness
@ApplicationScoped
public class OutboxRelayLiveness implements HealthCheck {

    static final int TIMEOUTS = 5;

    private final OutboxRelayService relay;

    public OutboxRelayLiveness(OutboxRelayService relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        Duration withoutProgress = relay.timeWithoutProgress();
        return HealthCheckResponse.named("outbox-relay-leader")
                .status(withoutProgress.compareTo(relay.progressTimeout().multipliedBy(TIMEOUTS)) <= 0)
                .withData("secondsWithoutProgress", withoutProgress.toSeconds())
                .build();
    }
}
