package com.gitlab.marketplace.outbox.relay;

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
 * @param pollInterval         how long Debezium waits for new changes when idle; keep it small for latency
 * @param leaderRetryInterval  how often a standby replica tries to take over the leader lock
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
        Duration leaderRetryInterval) {

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
        pollInterval = pollInterval == null ? Duration.ofMillis(10) : pollInterval;
        leaderRetryInterval = leaderRetryInterval == null ? Duration.ofSeconds(2) : leaderRetryInterval;
    }

    /**
     * Settings from a {@code jdbc:postgresql://host:port/database} URL, as services configure their datasource.
     */
    public static OutboxRelaySettings fromJdbcUrl(String name, String jdbcUrl, String user, String password,
            String ceSource, String kafkaBootstrapServers, Map<String, String> kafkaProducerConfig,
            Duration pollInterval, Duration leaderRetryInterval) {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(jdbcUrl.replaceFirst("^jdbc:", ""));
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
                pollInterval, leaderRetryInterval);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + databaseHost + ":" + databasePort + "/" + databaseName;
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
