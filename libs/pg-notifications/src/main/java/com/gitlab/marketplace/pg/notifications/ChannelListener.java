package com.gitlab.marketplace.pg.notifications;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Listens to one PostgreSQL NOTIFY channel on a connection of its own, reconnecting after a loss. A
 * writer issues {@code pg_notify(channel, payload)} inside its transaction, so every replica hears of the
 * change exactly when it commits. Notifications sent while disconnected are lost; {@code onSubscribed}
 * runs after every (re)subscription so the caller can catch up (drop a cache, re-read rows).
 *
 * <p>A listening connection only ever receives, so a peer that died silently (a host gone, a firewall
 * dropping the flow) would go unnoticed for hours, and with it every notification. The listener pings the
 * server every {@code pingInterval}; an answer missing after {@code pingTimeout} closes the connection,
 * which reconnects (and runs {@code onSubscribed}). TCP keepalive is on as a second line.
 */
public final class ChannelListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChannelListener.class);
    private static final long RECONNECT_DELAY_MS = 1_000;

    private final Vertx vertx;
    private final PgSubscriber subscriber;
    private final String channel;
    private final Duration pingTimeout;
    private volatile boolean closing;
    private long pingTimer = -1;

    private ChannelListener(Vertx vertx, PgSubscriber subscriber, String channel, Duration pingTimeout) {
        this.vertx = vertx;
        this.subscriber = subscriber;
        this.channel = channel;
        this.pingTimeout = pingTimeout;
    }

    /**
     * Connects and listens; returns once subscribed.
     *
     * @param server the database to listen on (a copy is made: the listener turns TCP keepalive on)
     */
    public static ChannelListener listen(Vertx vertx, PgConnectOptions server, PgNotificationsConfig liveness,
            String channel, Consumer<String> onNotification, Runnable onSubscribed) {
        PgConnectOptions options = new PgConnectOptions(server).setTcpKeepAlive(true);
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> RECONNECT_DELAY_MS);
        ChannelListener listener = new ChannelListener(vertx, subscriber, channel, liveness.pingTimeout());
        subscriber.channel(channel).handler(onNotification::accept).subscribeHandler(onSubscribed);
        subscriber.closeHandler(() -> {
            if (!listener.closing) {
                LOG.warnf("notifications on %s disconnected; reconnecting", channel);
            }
        });
        subscriber.connect().await().atMost(Duration.ofSeconds(30));
        listener.pingTimer = vertx.setPeriodic(liveness.pingInterval().toMillis(), id -> listener.ping());
        return listener;
    }

    private void ping() {
        PgConnection connection = subscriber.actualConnection();
        if (closing || connection == null) {
            return;
        }
        connection.query("SELECT 1").execute()
                .ifNoItem().after(pingTimeout).fail()
                .subscribe().with(ok -> { }, failure -> {
                    PgConnection current = subscriber.actualConnection();
                    // Only close the connection that failed, not one a reconnect has made meanwhile.
                    if (!closing && current != null && current.getDelegate() == connection.getDelegate()) {
                        LOG.warnf("notifications on %s: the server did not answer a ping within %s (%s); "
                                + "reconnecting", channel, pingTimeout, failure.getMessage());
                        connection.close().subscribe().with(closed -> { }, e -> { });
                    }
                });
    }

    @Override
    public void close() {
        closing = true;
        vertx.cancelTimer(pingTimer);
        subscriber.close().await().atMost(Duration.ofSeconds(5));
        LOG.debugf("stopped listening on %s", channel);
    }
}
