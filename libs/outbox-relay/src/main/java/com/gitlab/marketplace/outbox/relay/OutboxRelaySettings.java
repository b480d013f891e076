package com.gitlab.marketplace.outbox.relay;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link OutboxRelay} needs: the service's database (the role needs LOGIN and REPLICATION), the
 * Kafka cluster, and names that must be unique per service (slot, publication, lock).
 *
 * @param name                 the service's name; names the replication slot, publication and offsets
 * @param databaseHost         PostgreSQL host
 * @param databasePort         PostgreSQL port
 * @param databaseName         the service's database
 * @param databaseUser         a role with LOGIN and REPLICATION
 * @param databasePassword     its password
 * @param ceSource             the {@code ce_source} of every published event
 * @param kafkaBootstrapServers the Kafka cluster
 * @param kafkaProducerConfig  extra producer settings (security, for example); may be empty
 * @param pollInterval         how long Debezium sleeps when the slot has no new change: the most an event waits
 *                             for the relay when the outbox was quiet, and the relay's wake-ups while idle
 * @param leaderRetryInterval  how often a standby replica tries to take over the leader lock
 * @param progressTimeout      a leader that completed no batch (heartbeats included) for this long reports
 *                             DOWN; Debezium heartbeats every quarter of it, so an idle leader stays UP
 */
public record OutboxRelaySettings(
        String name,
        String databaseHost,
        int databasePort,
        String databaseName,
        String databaseUser,
        String databasePassword,
        String ceSource,
        String kafkaBootstrapServers,
        Map<String, String> kafkaProducerConfig,
        Duration pollInterval,
        Duration leaderRetryInterval,
        Duration progressTimeout) {

    /** How long the database waits on a silent leader before it ends its session (and frees the lock). */
    static final int DEAD_PEER_SECONDS = 15;

    public OutboxRelaySettings {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException(
                    "outbox relay name must be lower case letters, digits and '_' (it names a replication slot): " + name);
        }
        Objects.requireNonNull(databaseHost, "databaseHost");
        Objects.requireNonNull(databaseName, "databaseName");
        Objects.requireNonNull(databaseUser, "databaseUser");
        Objects.requireNonNull(ceSource, "ceSource");
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        kafkaProducerConfig = Map.copyOf(kafkaProducerConfig == null ? Map.of() : kafkaProducerConfig);
        pollInterval = pollInterval == null ? Duration.ofMillis(100) : pollInterval;
        leaderRetryInterval = leaderRetryInterval == null ? Duration.ofSeconds(2) : leaderRetryInterval;
        progressTimeout = progressTimeout == null ? Duration.ofSeconds(60) : progressTimeout;
    }

    /**
     * Settings from a {@code jdbc:postgresql://host:port/database} URL, as services configure their datasource.
     */
    public static OutboxRelaySettings fromJdbcUrl(String name, String jdbcUrl, String user, String password,
            String ceSource, String kafkaBootstrapServers, Map<String, String> kafkaProducerConfig,
            Duration pollInterval, Duration leaderRetryInterval, Duration progressTimeout) {
        URI uri;
        try {
            uri = URI.create(jdbcUrl.replaceFirst("^jdbc:", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl, e);
        }
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath() == null
                || uri.getPath().length() < 2) {
            throw new IllegalArgumentException(
                    "the outbox relay needs a URL like jdbc:postgresql://host:5432/database, got: " + jdbcUrl);
        }
        return new OutboxRelaySettings(name, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                uri.getPath().substring(1), user, password, ceSource, kafkaBootstrapServers, kafkaProducerConfig,
                pollInterval, leaderRetryInterval, progressTimeout);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + databaseHost + ":" + databasePort + "/" + databaseName;
    }

    /**
     * The leader's lock session: TCP keepalive on both ends and a TCP user timeout on the server, so when the
     * leader's host dies silently the server ends its session, and the lock passes to a standby, within
     * about {@link #DEAD_PEER_SECONDS} s instead of the kernel's default of hours.
     */
    String leaderSessionUrl() {
        return jdbcUrl() + "?tcpKeepAlive=true&ApplicationName=" + name + "-outbox-leader"
                + "&options=-c%20tcp_keepalives_idle=5%20-c%20tcp_keepalives_interval=2"
                + "%20-c%20tcp_keepalives_count=3%20-c%20tcp_user_timeout=" + DEAD_PEER_SECONDS * 1000;
    }

    /** Debezium's heartbeat interval: often enough that an idle, healthy leader keeps making progress. */
    Duration heartbeatInterval() {
        return progressTimeout.dividedBy(4);
    }

    String slotName() {
        return name + "_outbox";
    }

    String publicationName() {
        return name + "_outbox";
    }

    /** The advisory lock that elects the one replica running the relay; stable per relay name. */
    long leaderLockKey() {
        return 0x6f7574626f780000L ^ name.hashCode();
    }
}
