package com.gitlab.marketplace.outbox.relay;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The outbox as operators watch it: how many events wait to be published and how old the oldest is (the
 * relay's lag; it grows without bound when the relay is stuck), and whether this replica leads. Published
 * rows are deleted, so every row in {@code outbox_event} is unpublished. Read on scrape, at most once a second,
 * over a connection of the service's own pool.
 */
@ApplicationScoped
public class OutboxMetrics {

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);
    private static final long MIN_READ_INTERVAL_NANOS = 1_000_000_000L;

    private final OutboxRelayService relay;
    private final DataSource dataSource;
    private long readAt;
    private long backlog;
    private double oldestAgeSeconds;
    private long rejected;

    public OutboxMetrics(OutboxRelayService relay, DataSource dataSource) {
        this.relay = relay;
        this.dataSource = dataSource;
    }

    void register(@Observes StartupEvent startup, Instance<MeterRegistry> registries) {
        registries.stream().findFirst().ifPresent(this::register);
    }

    private void register(MeterRegistry registry) {
        Gauge.builder("marketplace.outbox.backlog.events", this, metrics -> metrics.read().backlog)
                .description("Events written to the outbox and not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder("marketplace.outbox.oldest.event.age.seconds", this, metrics -> metrics.read().oldestAgeSeconds)
                .description("Age of the oldest unpublished outbox event: the relay's lag (0 when none waits)")
                .register(registry);
        Gauge.builder("marketplace.outbox.rejected.events", this, metrics -> metrics.read().rejected)
                .description("Outbox events Kafka refused for good, kept aside in outbox_rejected: alert on any")
                .register(registry);
        Gauge.builder("marketplace.outbox.relay.leader", relay,
                        service -> service.role().filter(role -> role == OutboxRelay.Role.LEADER).isPresent() ? 1 : 0)
                .description("1 on the replica whose relay publishes the outbox, 0 on standbys")
                .register(registry);
    }

    /** The relay makes the table when it first sets an event aside: none yet is no event refused. */
    private static long countRejected(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM " + RejectedEvents.TABLE)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    private synchronized OutboxMetrics read() {
        if (System.nanoTime() - readAt < MIN_READ_INTERVAL_NANOS) {
            return this;
        }
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*), "
                        + "coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM outbox_event")) {
            row.next();
            backlog = row.getLong(1);
            oldestAgeSeconds = Math.max(0, row.getDouble(2));
            rejected = countRejected(connection);
        } catch (SQLException e) {
            LOG.warnf("cannot read the outbox for its metrics: %s", e.getMessage());
            backlog = -1;
            rejected = -1;
            oldestAgeSeconds = -1;
        }
        readAt = System.nanoTime();
        return this;
    }
}
