package com.gitlab.marketplace.token.outbox;

import com.gitlab.marketplace.events.EventSource;
import com.gitlab.marketplace.outbox.relay.OutboxRelay;
import com.gitlab.marketplace.outbox.relay.OutboxRelaySettings;
import com.gitlab.marketplace.token.config.TokenServiceConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs the outbox relay that publishes token-service's partner events to {@code marketplace.partner.events}. */
@ApplicationScoped
public class PartnerEventRelay {

    private final TokenServiceConfig config;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String bootstrapServers;
    private OutboxRelay relay;

    public PartnerEventRelay(TokenServiceConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent startup) {
        if (!config.outboxRelay().enabled()) {
            return;
        }
        relay = new OutboxRelay(OutboxRelaySettings.fromJdbcUrl("token_service", jdbcUrl, user, password,
                EventSource.TOKEN_SERVICE.uri(), bootstrapServers, Map.of(), config.outboxRelay().pollInterval(),
                Duration.ofSeconds(2)));
        relay.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (relay != null) {
            relay.close();
        }
    }

    public Optional<OutboxRelay.Role> role() {
        return Optional.ofNullable(relay).map(OutboxRelay::role);
    }
}
