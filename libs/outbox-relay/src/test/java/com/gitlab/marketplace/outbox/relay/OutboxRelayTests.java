package com.gitlab.marketplace.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.gitlab.marketplace.infrastructure.embedded.KafkaBroker;
import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay over a real PostgreSQL (logical decoding) and a real Kafka broker. */
class OutboxRelayTests {

    private static PostgresServer.Database database;
    private static String bootstrapServers;

    private final List<OutboxRelay> relays = new ArrayList<>();
    private KafkaConsumer<String, byte[]> consumer;
    private String relayName;
    private String topic;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        database = PostgresServer.shared().database("outbox_relay_test");
        bootstrapServers = KafkaBroker.shared().bootstrapServers();
        String ddl = new String(OutboxRelayTests.class.getResourceAsStream("/db/outbox/V0_1__outbox_event.sql")
                .readAllBytes(), StandardCharsets.UTF_8);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS outbox_event");
            s.execute(ddl);
        }
    }

    @BeforeEach
    void subscribe() {
        // Each test uses a relay name and topic of its own, so slots, offsets and records never leak between tests.
        relayName = "relay_" + UUID.randomUUID().toString().substring(0, 8);
        topic = "marketplace.relaytest." + relayName;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, relayName);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    @AfterEach
    void stop() throws SQLException {
        relays.forEach(OutboxRelay::close);
        consumer.close();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active");
            s.execute("DELETE FROM outbox_event");
        }
    }

    @Test
    void aCommittedRowIsPublishedOnceAsACloudEventAndARolledBackOneNever() throws Exception {
        OutboxRelay relay = relay();
        awaitRole(relay, OutboxRelay.Role.LEADER);
        awaitSlotActive();

        UUID committed = insert(true, "order-1");
        UUID rolledBack = insert(false, "order-2");

        List<ConsumerRecord<String, byte[]>> received = pollUntil(1);
        ConsumerRecord<String, byte[]> record = received.get(0);
        assertThat(record.key()).isEqualTo("order-1");
        assertThat(header(record, "ce_id")).isEqualTo(committed.toString());
        assertThat(header(record, "ce_type")).isEqualTo("com.gitlab.marketplace.test.happened.v1");
        assertThat(header(record, "ce_source")).isEqualTo("/marketplace/relay-test");
        assertThat(header(record, "ce_subject")).isEqualTo("order-1");
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_time")).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("\"order\": \"order-1\"");

        // A row committed after the rolled-back one arrives; the rolled-back row never does, nor the first twice.
        UUID after = insert(true, "order-3");
        List<String> later = new ArrayList<>(pollUntil(1).stream().map(r -> header(r, "ce_id")).toList());
        pollFor(Duration.ofSeconds(2)).forEach(r -> later.add(header(r, "ce_id")));
        assertThat(later).containsExactly(after.toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows() == 0);
        // Its publication carries inserts only: the deletes of published rows do not come back through the slot.
        assertThat(publishedOperations()).isEqualTo("insert only");
    }

    @Test
    void aPublicationOfEveryOperationFromAnEarlierVersionIsNarrowedToInserts() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE PUBLICATION " + relayName + "_outbox FOR TABLE public.outbox_event");
        }
        assertThat(publishedOperations()).isEqualTo("every operation");
        OutboxRelay relay = relay();
        awaitRole(relay, OutboxRelay.Role.LEADER);
        awaitSlotActive();
        assertThat(publishedOperations()).isEqualTo("insert only");
        insert(true, "after-the-upgrade");
        assertThat(pollUntil(1)).extracting(ConsumerRecord::key).containsExactly("after-the-upgrade");
    }

    @Test
    void rowsWrittenWhileNoRelayRunsArePublishedWhenItStartsAgain() throws Exception {
        OutboxRelay first = relay();
        awaitRole(first, OutboxRelay.Role.LEADER);
        awaitSlotActive();
        insert(true, "before-stop");
        assertThat(pollUntil(1)).hasSize(1);
        first.close();

        // Same aggregate: same key, so the order must be kept as well.
        UUID earlier = insert(true, "while-down");
        UUID later = insert(true, "while-down");

        relay();
        List<String> ids = pollUntil(2).stream().map(record -> header(record, "ce_id")).toList();
        assertThat(ids).containsExactly(earlier.toString(), later.toString());
    }

    @Test
    void aSecondReplicaStaysStandbyAndTakesOverWhenTheLeaderStops() throws Exception {
        OutboxRelay leader = relay();
        awaitRole(leader, OutboxRelay.Role.LEADER);
        OutboxRelay standby = relay();
        awaitRole(standby, OutboxRelay.Role.STANDBY);
        awaitSlotActive();

        insert(true, "led-by-first");
        assertThat(pollUntil(1)).extracting(ConsumerRecord::key).containsExactly("led-by-first");
        assertThat(standby.role()).isEqualTo(OutboxRelay.Role.STANDBY);

        leader.close();
        awaitRole(standby, OutboxRelay.Role.LEADER);
        insert(true, "led-by-second");
        assertThat(pollUntil(1)).extracting(ConsumerRecord::key).containsExactly("led-by-second");
    }

    @Test
    void aStandbyTakesOverWhenTheLeadersDatabaseSessionIsKilled() throws Exception {
        OutboxRelay first = relay();
        awaitRole(first, OutboxRelay.Role.LEADER);
        OutboxRelay second = relay();
        awaitRole(second, OutboxRelay.Role.STANDBY);
        awaitSlotActive();

        // What a crashed leader host looks like from the database: its lock session ends without a goodbye.
        try (Connection c = connect(); PreparedStatement kill = c.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                        + "AND classid = ? AND objid = ? AND objsubid = 1")) {
            long key = first.settings().leaderLockKey();
            kill.setLong(1, key >>> 32);
            kill.setLong(2, key & 0xffffffffL);
            var killed = kill.executeQuery();
            assertThat(killed.next()).as("the leader's lock session").isTrue();
        }
        insert(true, "after-the-crash");

        assertThat(pollUntil(1)).extracting(ConsumerRecord::key).containsExactly("after-the-crash");
        // The old leader notices its lost session on its next check (every 500 ms); until then both may say so,
        // which the replication slot makes harmless: it admits one reader.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(List.of(first.role(), second.role()))
                .containsOnlyOnce(OutboxRelay.Role.LEADER));
    }

    @Test
    void rowsWrittenAfterTheSlotWasLostArePublishedAlthoughOffsetsSurvived() throws Exception {
        OutboxRelay first = relay();
        awaitRole(first, OutboxRelay.Role.LEADER);
        awaitSlotActive();
        insert(true, "before-the-loss");
        assertThat(pollUntil(1)).hasSize(1);
        first.close();

        // A failover, a restore or an operator drops the slot; the offsets table still says where we were.
        try (Connection c = connect(); PreparedStatement drop = c.prepareStatement(
                "SELECT pg_drop_replication_slot(?)")) {
            drop.setString(1, relayName + "_outbox");
            drop.execute();
        }
        UUID first1 = insert(true, "after-the-loss");
        UUID first2 = insert(true, "after-the-loss");

        relay();
        List<String> ids = new ArrayList<>(pollUntil(2).stream().map(r -> header(r, "ce_id")).toList());
        assertThat(ids).containsExactly(first1.toString(), first2.toString());
        // ... and later rows still stream normally from the new slot.
        awaitSlotActive();
        UUID later = insert(true, "after-the-loss");
        assertThat(pollUntil(1)).extracting(r -> header(r, "ce_id")).containsExactly(later.toString());
    }

    @Test
    void aLeaderThatCannotPublishReportsNoProgressWhileAnIdleOneKeepsReportingIt() throws Exception {
        OutboxRelay idle = relay(bootstrapServers);
        awaitRole(idle, OutboxRelay.Role.LEADER);
        awaitSlotActive();
        // Heartbeats keep an idle leader healthy well past the progress timeout.
        pollFor(PROGRESS_TIMEOUT.multipliedBy(2));
        assertThat(idle.isMakingProgress()).isTrue();
        idle.close();

        // The same relay, but Kafka never acknowledges: the first row blocks it, and health says so.
        OutboxRelay stuck = relay("127.0.0.1:1");
        awaitRole(stuck, OutboxRelay.Role.LEADER);
        insert(true, "never-acknowledged");
        await().atMost(Duration.ofSeconds(60)).until(() -> !stuck.isMakingProgress());
        assertThat(stuck.timeWithoutProgress()).isGreaterThan(PROGRESS_TIMEOUT);
    }

    @Test
    void anEventKafkaRefusesForGoodIsKeptAsideAndTheOthersFlow() throws Exception {
        // Kafka takes records up to 2 KB here; the second event is 8 KB.
        OutboxRelay relay = relay(database, bootstrapServers, Map.of("max.request.size", "2048"));
        awaitRole(relay, OutboxRelay.Role.LEADER);
        awaitSlotActive();
        // One aggregate, so one partition: the order the relay promises is per key.
        UUID before = insert(true, "order-1");
        UUID tooLarge = insert(true, "order-1", "x".repeat(8192));
        UUID after = insert(true, "order-1");

        assertThat(pollUntil(2)).extracting(r -> header(r, "ce_id"))
                .containsExactly(before.toString(), after.toString());
        // Kafka's refusal reaches the relay in the send's callback, which can come after the next event is
        // published: the row kept aside is awaited, not read once.
        List<String> keptAside = await().atMost(Duration.ofSeconds(10)).until(() -> rejectedRow(tooLarge),
                row -> !row.isEmpty());
        assertThat(keptAside.get(0)).isEqualTo(topic);
        assertThat(keptAside.get(1)).contains("RecordTooLarge");
        await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows() == 0);
        assertThat(relay.isMakingProgress()).isTrue();
    }

    @Test
    void aLeaderWhoseSetupFailsOverAndOverReportsNoProgress() throws Exception {
        // A database without the outbox table: taking the lead works, setting up the publication never does.
        PostgresServer.Database empty = PostgresServer.shared().database("outbox_relay_no_table");
        OutboxRelay relay = relay(empty, bootstrapServers, Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> !relay.isMakingProgress());
        assertThat(relay.timeWithoutProgress()).isGreaterThan(PROGRESS_TIMEOUT);
    }

    @Test
    void aSlotLostWhileTheLeaderRunsIsNoticedWhenItsEngineStartsAgain() throws Exception {
        OutboxRelay relay = relay();
        awaitRole(relay, OutboxRelay.Role.LEADER);
        awaitSlotActive();
        insert(true, "before-the-loss");
        assertThat(pollUntil(1)).hasSize(1);

        // The slot is taken from under the running engine (its connection ended, the slot dropped), and rows are
        // committed before any new slot exists. The leader keeps its lock: only its engine starts again.
        try (Connection c = connect()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (PreparedStatement end = c.prepareStatement("SELECT pg_terminate_backend(active_pid) "
                        + "FROM pg_replication_slots WHERE slot_name = ? AND active")) {
                    end.setString(1, relayName + "_outbox");
                    end.execute();
                }
                try (PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                    drop.setString(1, relayName + "_outbox");
                    drop.execute();
                    return true;
                } catch (SQLException stillActive) {
                    return false;
                }
            });
        }
        UUID lost1 = insert(true, "while-the-slot-was-gone");
        UUID lost2 = insert(true, "while-the-slot-was-gone");

        List<String> ids = pollUntil(2).stream().map(r -> header(r, "ce_id")).toList();
        assertThat(ids).contains(lost1.toString(), lost2.toString());
        assertThat(relay.role()).isEqualTo(OutboxRelay.Role.LEADER);
    }

    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(3);

    private OutboxRelay relay() {
        return relay(bootstrapServers);
    }

    private OutboxRelay relay(String kafka) {
        return relay(database, kafka, Map.of());
    }

    private OutboxRelay relay(PostgresServer.Database db, String kafka, Map<String, String> producer) {
        Map<String, String> config = new HashMap<>(Map.of("max.block.ms", "600000"));
        config.putAll(producer);
        OutboxRelay relay = new OutboxRelay(new OutboxRelaySettings(relayName, db.host(), db.port(),
                db.name(), db.user(), db.password(), "/marketplace/relay-test", kafka,
                config, Duration.ofMillis(10), Duration.ofMillis(300), PROGRESS_TIMEOUT));
        relays.add(relay);
        relay.start();
        return relay;
    }

    private UUID insert(boolean commit, String key) throws SQLException {
        return insert(commit, key, "");
    }

    private UUID insert(boolean commit, String key, String padding) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO outbox_event "
                    + "(id, aggregatetype, aggregateid, type, payload, created_at) "
                    + "VALUES (?, ?, ?, ?, ?::jsonb, '2026-11-21T10:00:00Z')")) {
                insert.setObject(1, id);
                insert.setString(2, topic);
                insert.setString(3, key);
                insert.setString(4, "com.gitlab.marketplace.test.happened.v1");
                insert.setString(5, "{\"order\":\"" + key + "\"" + (padding.isEmpty() ? ""
                        : ",\"padding\":\"" + padding + "\"") + "}");
                insert.executeUpdate();
            }
            if (commit) {
                c.commit();
            } else {
                c.rollback();
            }
        }
        return id;
    }

    private static void awaitRole(OutboxRelay relay, OutboxRelay.Role role) {
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.role() == role);
    }

    /** The engine holds the slot once it has finished its (empty) initial snapshot. */
    private void awaitSlotActive() {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try (Connection c = connect(); PreparedStatement q = c.prepareStatement(
                    "SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
                q.setString(1, relayName + "_outbox");
                var rs = q.executeQuery();
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    private List<ConsumerRecord<String, byte[]>> pollUntil(int count) {
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return received.size() >= count;
        });
        return received;
    }

    private List<ConsumerRecord<String, byte[]>> pollFor(Duration duration) {
        List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        }
        return received;
    }

    private String publishedOperations() throws SQLException {
        try (Connection c = connect(); PreparedStatement q = c.prepareStatement("SELECT pubinsert, "
                + "pubupdate OR pubdelete OR pubtruncate FROM pg_publication WHERE pubname = ?")) {
            q.setString(1, relayName + "_outbox");
            var rs = q.executeQuery();
            rs.next();
            return rs.getBoolean(1) && !rs.getBoolean(2) ? "insert only"
                    : rs.getBoolean(1) && rs.getBoolean(2) ? "every operation" : "something else";
        }
    }

    /** The refused event's topic and reason, or nothing while the relay has not kept it aside (nor made the table). */
    private static List<String> rejectedRow(UUID id) throws SQLException {
        try (Connection c = connect(); PreparedStatement q = c.prepareStatement(
                "SELECT topic, reason FROM outbox_rejected WHERE id = ?")) {
            q.setObject(1, id);
            var rs = q.executeQuery();
            return rs.next() ? List.of(rs.getString(1), rs.getString(2)) : List.of();
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return List.of();
            }
            throw e;
        }
    }

    private static long outboxRows() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM outbox_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }
}
