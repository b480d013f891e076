package com.gitlab.marketplace.durable.steps;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code durable-steps.*}: how a service runs its steps (see {@link StepSettings}). */
@ConfigMapping(prefix = "durable-steps")
public interface DurableStepsConfig {

    /** Off only for a process that must not run steps (none of ours). */
    @WithDefault("true")
    boolean enabled();

    /** db-scheduler's {@code picked_by}; default: host name and process id. */
    Optional<String> workerName();

    @WithDefault("16")
    int threads();

    @WithDefault("PT1S")
    Duration pollingInterval();

    @WithDefault("PT5S")
    Duration heartbeatInterval();

    @WithDefault("4")
    int missedHeartbeats();

    @WithDefault("PT1S")
    Duration firstRetryDelay();

    @WithDefault("PT5M")
    Duration maxRetryDelay();

    @WithDefault("PT30S")
    Duration shutdownWait();
}
