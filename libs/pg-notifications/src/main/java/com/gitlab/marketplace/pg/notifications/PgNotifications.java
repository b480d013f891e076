package com.gitlab.marketplace.pg.notifications;

import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens {@link ChannelListener}s on the service's own datasource. */
@ApplicationScoped
public class PgNotifications {

    private final Vertx vertx;
    private final String url;
    private final String user;
    private final String password;
    private final Duration pingInterval;
    private final Duration pingTimeout;

    public PgNotifications(Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password,
            @ConfigProperty(name = "pg-notifications.ping-interval", defaultValue = "PT10S") Duration pingInterval,
            @ConfigProperty(name = "pg-notifications.ping-timeout", defaultValue = "PT5S") Duration pingTimeout) {
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password;
        this.pingInterval = pingInterval;
        this.pingTimeout = pingTimeout;
    }

    /** Listens to {@code channel}; see {@link ChannelListener#listen}. */
    public ChannelListener listen(String channel, Consumer<String> onNotification, Runnable onSubscribed) {
        return ChannelListener.listen(vertx, url, user, password, channel, pingInterval, pingTimeout, onNotification,
                onSubscribed);
    }
}
