package com.gitlab.marketplace.pg.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.gitlab.marketplace.infrastructure.embedded.PostgresServer;
import io.vertx.mutiny.core.Vertx;
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
        String url = "postgresql://127.0.0.1:" + proxy.port() + "/" + database.name();
        try (ChannelListener listener = ChannelListener.listen(vertx, url, database.user(), database.password(),
                CHANNEL, Duration.ofMillis(300), Duration.ofMillis(700), received::add,
                subscriptions::incrementAndGet)) {
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

    private void notify(String payload) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, payload);
            notify.execute();
        }
    }
}
