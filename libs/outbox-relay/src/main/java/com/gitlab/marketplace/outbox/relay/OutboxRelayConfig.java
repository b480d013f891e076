package com.gitlab.marketplace.outbox.relay;

import com.gitlab.marketplace.events.EventSource;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The relay's settings in a Quarkus service ({@code outbox-relay.*}); the database and Kafka come from the
 * service's own datasource and Kafka settings. See {@link OutboxRelaySettings} for what each one does.
 */
@ConfigMapping(prefix = "outbox-relay")
public interface OutboxRelayConfig {

    /** Off in a replica that must never publish (a read-only one, say). */
    @WithDefault("true")
    boolean enabled();

    /** Names the replication slot, the publication, the stored offsets and the leader lock. */
    String name();

    /** The {@code ce_source} of every event this service publishes. */
    EventSource source();

    @WithDefault("PT0.1S")
    Duration pollInterval();

    @WithDefault("PT2S")
    Duration leaderRetryInterval();

    @WithDefault("PT60S")
    Duration progressTimeout();
}
