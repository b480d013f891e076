package com.gitlab.marketplace.pg.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LISTEN over a real PostgreSQL, through a proxy that can make the server silently unreachable. */
class ChannelListenerTests {

    private static final String CHANNEL = "listener_test";

    private PostgresServer.Database database;
    private Vertx vertx;
    private FreezableProxy proxy;

    @BeforeEach
    void start() throws Exception {
        database = PostgresServer.shared().database("pg_notifications_test");
        vertx = Vertx.vertx();
        proxy = new FreezableProxy(database.host(), database.port());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        vertx.closeAndAwait();
    }

    @Test
    void aSilentlyDeadServerConnectionIsNoticedAndReplacedAndNothingAfterItIsMissed() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicInteger subscriptions = new AtomicInteger();
        PgConnectOptions server = new PgConnectOptions().setHost("127.0.0.1").setPort(proxy.port())
                .setDatabase(database.name()).setUser(database.user()).setPassword(database.password());
        try (ChannelListener listener = ChannelListener.listen(vertx, server, pingEvery300MsWaiting700Ms(), CHANNEL,
                received::add, subscriptions::incrementAndGet)) {
            notify("before");
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("before"));
            assertThat(subscriptions).hasValue(1);

            proxy.freezeOpenConnections();

            // The ping goes unanswered, the listener reconnects and tells its owner to catch up.
            await().atMost(Duration.ofSeconds(15)).until(() -> subscriptions.get() >= 2);
            notify("after");
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("after"));
        }
    }

    private static PgNotificationsConfig pingEvery300MsWaiting700Ms() {
        return new PgNotificationsConfig() {
            @Override
            public Duration pingInterval() {
                return Duration.ofMillis(300);
            }

            @Override
            public Duration pingTimeout() {
                return Duration.ofMillis(700);
            }
        };
    }

    private void notify(String payload) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, payload);
            notify.execute();
        }
    }
}
