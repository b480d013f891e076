package com.gitlab.marketplace.pg.notifications;

import io.vertx.mutiny.core.Vertx;
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
 */
public final class ChannelListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChannelListener.class);
    private static final long RECONNECT_DELAY_MS = 1_000;

    private final PgSubscriber subscriber;
    private final String channel;
    private volatile boolean closing;

    private ChannelListener(PgSubscriber subscriber, String channel) {
        this.subscriber = subscriber;
        this.channel = channel;
    }

    /**
     * Connects and listens; returns once subscribed.
     *
     * @param reactiveUrl the datasource's reactive URL ({@code postgresql://host:port/db})
     */
    public static ChannelListener listen(Vertx vertx, String reactiveUrl, String user, String password, String channel,
            Consumer<String> onNotification, Runnable onSubscribed) {
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx,
                        PgConnectOptions.fromUri(reactiveUrl).setUser(user).setPassword(password))
                .reconnectPolicy(retries -> RECONNECT_DELAY_MS);
        ChannelListener listener = new ChannelListener(subscriber, channel);
        subscriber.channel(channel).handler(onNotification::accept).subscribeHandler(onSubscribed);
        subscriber.closeHandler(() -> {
            if (!listener.closing) {
                LOG.warnf("notifications on %s disconnected; reconnecting", channel);
            }
        });
        subscriber.connect().await().atMost(Duration.ofSeconds(30));
        return listener;
    }

    @Override
    public void close() {
        closing = true;
        subscriber.close().await().atMost(Duration.ofSeconds(5));
        LOG.debugf("stopped listening on %s", channel);
    }
}
