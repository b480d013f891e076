package com.gitlab.marketplace.outbox.relay;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs the service's outbox relay inside a Quarkus application, from its datasource and Kafka settings.
 * A service enables it by depending on this module and setting {@code outbox-relay.name} (names the slot,
 * publication and leader lock) and {@code outbox-relay.source}; the rest is in {@link OutboxRelayConfig}.
 */
@ApplicationScoped
public class OutboxRelayService {

    private final OutboxRelaySettings settings;
    private final boolean enabled;
    private OutboxRelay relay;

    public OutboxRelayService(OutboxRelayConfig config,
            // The datasource's and Kafka's own keys, which other extensions read too.
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.enabled = config.enabled();
        this.settings = OutboxRelaySettings.fromJdbcUrl(config.name(), jdbcUrl, user, password, config.source().uri(),
                bootstrapServers, Map.of(), config.pollInterval(), config.leaderRetryInterval(),
                config.progressTimeout());
    }

    void start(@Observes StartupEvent startup) {
        if (enabled) {
            relay = new OutboxRelay(settings);
            relay.start();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (relay != null) {
            relay.close();
        }
    }

    /** This replica's part in publishing; empty when the relay is disabled. */
    public Optional<OutboxRelay.Role> role() {
        return Optional.ofNullable(relay).map(OutboxRelay::role);
    }

    /** Zero unless this replica leads; see {@link OutboxRelay#timeWithoutProgress()}. */
    public Duration timeWithoutProgress() {
        return relay == null ? Duration.ZERO : relay.timeWithoutProgress();
    }

    public Duration progressTimeout() {
        return settings.progressTimeout();
    }

    public boolean isMakingProgress() {
        return relay == null || relay.isMakingProgress();
    }
}
