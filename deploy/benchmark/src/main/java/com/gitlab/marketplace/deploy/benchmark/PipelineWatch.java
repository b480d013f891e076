package com.gitlab.marketplace.deploy.benchmark;

import com.gitlab.marketplace.deploy.local.LocalStack;
import com.gitlab.marketplace.events.EventType;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows the order pipeline benchmark's orders from outside the services, into their {@link OrderTimes}: each
 * event as it reaches Kafka, and each order's end (Provisioned or Failed) as order-api's projection commits it.
 */
final class PipelineWatch {

    private final LocalStack stack;
    private final Map<String, OrderTimes> byOrderId;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** The projection reader queries PostgreSQL only while a phase runs, so the idle figure excludes it. */
    private final AtomicBoolean watchingProjection = new AtomicBoolean();
    private Thread consumer;
    private Thread poller;

    PipelineWatch(LocalStack stack, Map<String, OrderTimes> byOrderId) {
        this.stack = stack;
        this.byOrderId = byOrderId;
    }

    void start() {
        // Daemons: a phase that throws must not leave them keeping the JVM (and so the stack) alive.
        consumer = new Thread(this::recordEvents, "benchmark-events");
        consumer.setDaemon(true);
        consumer.start();
        poller = new Thread(this::readProjection, "benchmark-projection-reader");
        poller.setDaemon(true);
        poller.start();
    }

    /** Whether the projection reader should query PostgreSQL now: only while a phase runs. */
    void watchProjection(boolean watching) {
        watchingProjection.set(watching);
    }

    void stop() throws InterruptedException {
        running.set(false);
        consumer.join(10_000);
        poller.join(10_000);
    }

    /** Every event of the pipeline as it reaches Kafka, with the broker record's timestamp. */
    private void recordEvents() {
        EventWatch.watch(stack.kafkaBootstrapServers(), "benchmark", List.of(Topics.ORDER_EVENTS,
                Topics.ZUORA_EVENTS, Topics.SALESFORCE_EVENTS, Topics.NOTIFICATION_EVENTS), running::get,
                (record, event) -> {
                    OrderTimes times = byOrderId.computeIfAbsent(record.key(), id -> new OrderTimes());
                    times.onKafka.putIfAbsent(event.type(), record.timestamp());
                    if (event.type() == EventType.ORDER_PLACED) {
                        times.outboxAt = event.attributes().time().toEpochMilli();
                    }
                });
    }

    /**
     * When each order became Provisioned (or Failed), from the projection's own table: asking order-api, as a
     * partner would, for hundreds of orders every few milliseconds would load the very service being measured.
     */
    private void readProjection() {
        PostgresServer.Database database = stack.database("order_api");
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                database.password());
                PreparedStatement query = connection.prepareStatement(
                        "SELECT order_id::text, status, (extract(epoch FROM updated_at) * 1000)::bigint "
                                + "FROM order_status WHERE status IN ('Provisioned', 'Failed') "
                                + "AND updated_at > now() - interval '3 minutes'")) {
            while (running.get()) {
                if (watchingProjection.get()) {
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            OrderTimes t = byOrderId.get(rows.getString(1));
                            if (t == null) {
                                continue;
                            }
                            if (rows.getString(2).equals("Failed")) {
                                t.failed = true;
                            } else if (t.provisionedAt == 0) {
                                t.provisionedAt = rows.getLong(3);
                            }
                        }
                    }
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read order-api's projection", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
