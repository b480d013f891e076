package com.gitlab.marketplace.outbox.relay;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.embedded.Connect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

/**
 * Publishes a service's {@code outbox_event} rows to Kafka as CloudEvents.
 *
 * <p>A Debezium embedded engine tails the table through a pgoutput replication slot. A replication slot
 * admits one reader, so replicas elect a leader with a PostgreSQL session advisory lock ({@link LeaderLock}): the
 * holder runs the engine, the others retry the lock and take over within {@code leaderRetryInterval} when the
 * leader's session ends (crash, stop, network loss).
 *
 * <p>A batch is marked processed only after Kafka acknowledged every record of it, and the offsets live
 * in the same database, so nothing is lost; after a crash Debezium may deliver a record again, which
 * consumers drop by {@code ce_id}. Published rows are deleted ({@link PublishedRowCleanup}); a row that is
 * still in the table was not yet acknowledged (or its deletion is a moment away), and the initial snapshot
 * of a new slot publishes such rows too.
 *
 * <p>The replication slot can be lost while the stored offsets survive (failover to a replica without
 * slots, a restore, an operator dropping it, {@code max_slot_wal_keep_size} invalidating it). Debezium would
 * then create a new slot and resume from the stored offset, skipping every row committed in between. So every
 * start of the engine checks the slot first ({@link SlotHousekeeping}): when it is missing or invalidated, it
 * drops the stored offsets, and the initial snapshot publishes every row still in the table.
 *
 * <p>An event Kafka refuses for good (too large, ...) is kept aside ({@link RejectedEvents}) and the rest goes
 * on; an engine that completes nothing for the progress timeout is restarted.
 */
public final class OutboxRelay implements AutoCloseable {

    /** What this replica is doing; standby is healthy (another replica leads). */
    public enum Role { STARTING, STANDBY, LEADER, STOPPED }

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration ENGINE_RESTART_BACKOFF = Duration.ofSeconds(2);
    /** How often the leader checks that its lock session (its leadership) still answers. */
    private static final Duration LEADERSHIP_CHECK_INTERVAL = Duration.ofSeconds(2);

    private final OutboxRelaySettings settings;
    private final KafkaProducer<String, byte[]> producer;
    private final OutboxRecordMapper mapper;
    private final PublishedRowCleanup cleanup;
    private final RejectedEvents rejected;
    private final LeaderLock leaderLock;
    private final SlotHousekeeping slots;
    private final ExecutorService leaderLoop;
    private final ExecutorService engineExecutor;
    private final AtomicReference<Role> role = new AtomicReference<>(Role.STARTING);
    private volatile boolean running;
    private volatile Connection leaderSession;
    private volatile DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    /** When the leader last completed a batch (heartbeats included) or took the lead; for health. */
    private volatile long lastProgressNanos = System.nanoTime();
    /**
     * Whether this replica is expected to make progress: from taking the lead until another replica holds it.
     * A setup that fails and takes the lock again does not restart the clock.
     */
    private volatile boolean expectingProgress;

    public OutboxRelay(OutboxRelaySettings settings) {
        this.settings = settings;
        this.producer = new KafkaProducer<>(producerConfig(settings), new StringSerializer(),
                new ByteArraySerializer());
        this.mapper = new OutboxRecordMapper(settings.ceSource());
        this.cleanup = new PublishedRowCleanup(settings);
        this.rejected = new RejectedEvents(settings);
        this.leaderLock = new LeaderLock(settings);
        this.slots = new SlotHousekeeping(settings);
        this.leaderLoop = Executors.newSingleThreadExecutor(r -> new Thread(r, settings.name() + "-outbox-leader"));
        this.engineExecutor = Executors.newSingleThreadExecutor(r -> new Thread(r, settings.name() + "-outbox-engine"));
    }

    /** Starts competing for leadership in the background; returns at once. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        leaderLoop.execute(this::leadWhilePossible);
    }

    public Role role() {
        return role.get();
    }

    OutboxRelaySettings settings() {
        return settings;
    }

    /**
     * How long this leader has gone without completing a batch; Debezium heartbeats complete one every
     * quarter of {@link OutboxRelaySettings#progressTimeout()} even when the outbox is quiet. Zero unless
     * this replica leads.
     */
    public Duration timeWithoutProgress() {
        return expectingProgress ? Duration.ofNanos(System.nanoTime() - lastProgressNanos) : Duration.ZERO;
    }

    /** False when this replica leads but has not published or heartbeated within the progress timeout. */
    public boolean isMakingProgress() {
        return timeWithoutProgress().compareTo(settings.progressTimeout()) <= 0;
    }

    private void leadWhilePossible() {
        while (running) {
            try (Connection session = leaderLock.openSession()) {
                if (leaderLock.tryTake(session)) {
                    leaderSession = session;
                    if (!expectingProgress) {
                        lastProgressNanos = System.nanoTime();
                        expectingProgress = true;
                    }
                    role.set(Role.LEADER);
                    LOG.infof("outbox relay %s: this replica is the leader", settings.name());
                    slots.publishInsertsOnly(session);
                    runEngineWhileLeader(session);
                } else {
                    expectingProgress = false; // another replica leads
                    role.compareAndSet(Role.STARTING, Role.STANDBY);
                    role.compareAndSet(Role.LEADER, Role.STANDBY);
                }
            } catch (SQLException e) {
                LOG.warnf("outbox relay %s: database unavailable (%s), retrying", settings.name(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                leaderSession = null;
                stopEngine();
            }
            if (running) {
                role.set(Role.STANDBY);
                sleep(settings.leaderRetryInterval());
            }
        }
    }

    /**
     * Runs the engine, restarting it after a failure, as long as the lock session is alive. Before every start
     * the slot is checked (it may have been lost while the engine ran). An engine that completes no batch, not
     * even a heartbeat, within the progress timeout is stuck: it is stopped and started again.
     */
    private void runEngineWhileLeader(Connection session) throws InterruptedException, SQLException {
        while (running) {
            slots.forgetOffsetsOfALostSlot(session);
            long started = System.nanoTime();
            Future<?> run = startEngine();
            while (running && !run.isDone()) {
                if (!session.isValid(2)) {
                    // No longer the leader from this moment (another replica may hold the lock already); the
                    // engine still stops before this replica tries again, and the slot admits one reader anyway.
                    role.set(Role.STANDBY);
                    LOG.warnf("outbox relay %s: lost the leader session; stepping down", settings.name());
                    return;
                }
                long quiet = System.nanoTime() - Math.max(lastProgressNanos, started);
                if (quiet > settings.progressTimeout().toNanos()) {
                    LOG.errorf("outbox relay %s: the engine completed nothing for %d s; restarting it", settings.name(),
                            TimeUnit.NANOSECONDS.toSeconds(quiet));
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(LEADERSHIP_CHECK_INTERVAL.toMillis());
            }
            stopEngine();
            if (running) {
                LOG.warnf("outbox relay %s: engine stopped; restarting in %s", settings.name(), ENGINE_RESTART_BACKOFF);
                TimeUnit.MILLISECONDS.sleep(ENGINE_RESTART_BACKOFF.toMillis());
            }
        }
    }

    private Future<?> startEngine() {
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(DebeziumSettings.of(settings))
                .notifying(this::publishBatch)
                .using((success, message, error) -> {
                    if (!success && running) {
                        LOG.errorf(error, "outbox relay %s: engine failed: %s", settings.name(), message);
                    }
                })
                .build();
        return engineExecutor.submit(engine);
    }

    /** Sends the batch, waits for every acknowledgement, queues the rows' deletion, then commits offsets. */
    private void publishBatch(List<RecordChangeEvent<SourceRecord>> batch,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        List<OutboxRecordMapper.OutboxRecord> sent = new ArrayList<>(batch.size());
        List<UUID> published = new ArrayList<>(batch.size());
        for (RecordChangeEvent<SourceRecord> change : batch) {
            mapper.toKafkaRecord(change.record()).ifPresent(outboxRecord -> {
                acks.add(producer.send(outboxRecord.record()));
                sent.add(outboxRecord);
                published.add(outboxRecord.id());
            });
        }
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
            } catch (ExecutionException e) {
                if (!refusedForGood(e.getCause())) {
                    // Throwing stops the engine without committing the batch; it is delivered again on restart.
                    throw new IllegalStateException("Kafka did not acknowledge an outbox event", e.getCause());
                }
                try {
                    rejected.setAside(sent.get(i), e.getCause());
                } catch (SQLException notKept) {
                    throw new IllegalStateException("Kafka refused an outbox event, and it could not be kept aside",
                            notKept);
                }
            }
        }
        cleanup.deleteLater(published);
        for (RecordChangeEvent<SourceRecord> change : batch) {
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
        lastProgressNanos = System.nanoTime();
    }

    /**
     * Kafka refused the record itself, not the moment: no retry will make it take it (the producer already
     * retried the retriable kinds until its delivery timeout).
     */
    private static boolean refusedForGood(Throwable cause) {
        return cause instanceof ApiException && !(cause instanceof RetriableException)
                && !(cause instanceof AuthenticationException) && !(cause instanceof AuthorizationException);
    }

    private void stopEngine() {
        DebeziumEngine<?> current = engine;
        engine = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                LOG.warnf("outbox relay %s: engine did not close cleanly: %s", settings.name(), e.getMessage());
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the engine, releases leadership (another replica takes over) and closes the producer. */
    @Override
    public synchronized void close() {
        running = false;
        stopEngine();
        Connection session = leaderSession;
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                LOG.debugf("closing the leader session: %s", e.getMessage());
            }
        }
        leaderLoop.shutdownNow();
        engineExecutor.shutdownNow();
        try {
            leaderLoop.awaitTermination(10, TimeUnit.SECONDS);
            engineExecutor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cleanup.close();
        rejected.close();
        producer.close(Duration.ofSeconds(5));
        role.set(Role.STOPPED);
    }

    private static Properties producerConfig(OutboxRelaySettings settings) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.name() + "-outbox-relay");
        config.putAll(settings.kafkaProducerConfig());
        return config;
    }
}
