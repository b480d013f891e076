package com.gitlab.marketplace.durable.steps;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while this replica's workers take steps; a slow or failing upstream never changes that. */
@Readiness
@ApplicationScoped
public class DurableStepsHealth implements HealthCheck {

    private final DurableSteps steps;

    public DurableStepsHealth(DurableSteps steps) {
        this.steps = steps;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("durable-steps")
                .status(!steps.enabled() || steps.running())
                .build();
    }
}
