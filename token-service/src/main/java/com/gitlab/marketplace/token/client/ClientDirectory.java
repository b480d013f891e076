package com.gitlab.marketplace.token.client;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.gitlab.marketplace.pg.notifications.ChannelListener;
import com.gitlab.marketplace.pg.notifications.PgNotifications;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;

/**
 * Looks up OAuth clients for the token endpoint without a database round trip on the hot path. Entries
 * (also "no such client") are cached; a change to a client is announced by PostgreSQL NOTIFY on commit
 * and every replica drops the entry at once, so a disabled client or a replaced secret takes effect
 * immediately. If the notification connection drops, the whole cache is dropped on reconnect; a bounded
 * lifetime guards against anything else.
 */
@ApplicationScoped
public class ClientDirectory {

    private static final Duration ENTRY_LIFETIME = Duration.ofMinutes(10);

    private final ClientRepository repository;
    private final AsyncCache<String, Optional<OAuthClient>> cache = Caffeine.newBuilder()
            .expireAfterWrite(ENTRY_LIFETIME)
            .maximumSize(50_000)
            .buildAsync();
    private final PgNotifications notifications;
    private ChannelListener listener;

    public ClientDirectory(ClientRepository repository, PgNotifications notifications) {
        this.repository = repository;
        this.notifications = notifications;
    }

    void listenForChanges(@Observes StartupEvent startup) {
        // (Re)subscribed: notifications may have been missed while disconnected.
        listener = notifications.listen(ClientRepository.CHANGED_CHANNEL,
                this::invalidate, () -> cache.synchronous().invalidateAll());
    }

    void stopListening(@Observes ShutdownEvent shutdown) {
        if (listener != null) {
            listener.close();
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
