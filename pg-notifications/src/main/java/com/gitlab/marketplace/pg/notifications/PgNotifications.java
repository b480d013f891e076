package com.gitlab.marketplace.pg.notifications;

import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens {@link ChannelListener}s on the service's own datasource. */
@ApplicationScoped
public class PgNotifications {

    private final Vertx vertx;
    private final String url;
    private final String user;
    private final String password;

    public PgNotifications(Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Listens to {@code channel}; see {@link ChannelListener#listen}. */
    public ChannelListener listen(String channel, Consumer<String> onNotification, Runnable onSubscribed) {
        return ChannelListener.listen(vertx, url, user, password, channel, onNotification, onSubscribed);
    }
}
