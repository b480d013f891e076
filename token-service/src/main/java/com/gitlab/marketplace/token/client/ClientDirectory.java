package com.gitlab.marketplace.token.client;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Looks up OAuth clients for the token endpoint without a database round trip on the hot path. Entries
 * (also "no such client") are cached; a change to a client is announced by PostgreSQL NOTIFY on commit
 * and every replica drops the entry at once, so a disabled client or a replaced secret takes effect
 * immediately. If the notification connection drops, the whole cache is dropped on reconnect; a bounded
 * lifetime guards against anything else.
 */
@ApplicationScoped
public class ClientDirectory {

    private static final Logger LOG = Logger.getLogger(ClientDirectory.class);
    private static final Duration ENTRY_LIFETIME = Duration.ofMinutes(10);

    private final ClientRepository repository;
    private final AsyncCache<String, Optional<OAuthClient>> cache = Caffeine.newBuilder()
            .expireAfterWrite(ENTRY_LIFETIME)
            .maximumSize(50_000)
            .buildAsync();
    private final Vertx vertx;
    private final String url;
    private final String user;
    private final String password;
    private PgSubscriber subscriber;
    private volatile boolean stopping;

    public ClientDirectory(ClientRepository repository, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.repository = repository;
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void listenForChanges(@Observes StartupEvent startup) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(user).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> 1_000L);
        subscriber.channel(ClientRepository.CHANGED_CHANNEL)
                .handler(this::invalidate)
                .subscribeHandler(() -> {
                    // (Re)subscribed: notifications may have been missed while disconnected.
                    cache.synchronous().invalidateAll();
                });
        subscriber.closeHandler(() -> {
            if (!stopping) {
                LOG.warn("client change notifications disconnected; reconnecting");
            }
        });
        subscriber.connect().await().atMost(Duration.ofSeconds(30));
    }

    void stopListening(@Observes ShutdownEvent shutdown) {
        stopping = true;
        if (subscriber != null) {
            subscriber.close().await().atMost(Duration.ofSeconds(5));
        }
    }

    public Uni<Optional<OAuthClient>> find(String clientId) {
        return Uni.createFrom().completionStage(() -> cache.get(clientId,
                (id, executor) -> repository.find(id).subscribeAsCompletionStage()));
    }

    /** Drops a client's cached entry on this replica; other replicas hear of it by NOTIFY. */
    public void invalidate(String clientId) {
        cache.synchronous().invalidate(clientId);
    }
}
