package com.gitlab.marketplace.pg.notifications;

import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens {@link ChannelListener}s on the service's own datasource. */
@ApplicationScoped
public class PgNotifications {

    private final Vertx vertx;
    private final PgConnectOptions server;
    private final PgNotificationsConfig config;

    public PgNotifications(Vertx vertx, PgNotificationsConfig config,
            // The datasource's own keys, which the reactive client reads too.
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.config = config;
        this.server = PgConnectOptions.fromUri(url).setUser(user).setPassword(password);
    }

    /** Listens to {@code channel}; see {@link ChannelListener#listen}. */
    public ChannelListener listen(String channel, Consumer<String> onNotification, Runnable onSubscribed) {
        return ChannelListener.listen(vertx, server, config, channel, onNotification, onSubscribed);
    }
}
