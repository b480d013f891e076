package com.gitlab.marketplace.order.service;

import com.gitlab.marketplace.order.status.OrderStatusRecord;
import com.gitlab.marketplace.order.status.OrderStatusRepository;
import com.gitlab.marketplace.pg.notifications.ChannelListener;
import com.gitlab.marketplace.pg.notifications.PgNotifications;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets a POST wait, without holding a thread, until its order has a subscription number (or failed). The
 * projection may run on any replica; its commit issues PostgreSQL NOTIFY, which reaches every replica,
 * and the waiting request re-reads the row. A waiter registers before it reads, so no change is missed.
 */
@ApplicationScoped
public class StatusWaiter {

    private final OrderStatusRepository statuses;
    private final PgNotifications notifications;
    private final Map<UUID, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
    private ChannelListener listener;

    public StatusWaiter(OrderStatusRepository statuses, PgNotifications notifications) {
        this.statuses = statuses;
        this.notifications = notifications;
    }

    void listen(@Observes StartupEvent startup) {
        listener = notifications.listen(OrderStatusRepository.CHANGED_CHANNEL,
                this::changed, this::wakeEveryone);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (listener != null) {
            listener.close();
        }
    }

    /** The order's status once its subscription is settled, or when {@code window} has passed. */
    public Uni<OrderStatusRecord> awaitSubscription(UUID orderId, Duration window) {
        return attempt(orderId, Instant.now().plus(window));
    }

    /**
     * One read, then (unless settled or out of time) one wait for a change. The registration is removed
     * however this ends: answered, failed, timed out, or cancelled because the client went away.
     */
    private Uni<OrderStatusRecord> attempt(UUID orderId, Instant deadline) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> changed = register(orderId);
            return statuses.find(orderId).map(found -> found.orElseThrow(
                            () -> new IllegalStateException("order " + orderId + " has no status row")))
                    .flatMap(current -> {
                        Duration left = Duration.between(Instant.now(), deadline);
                        if (current.subscriptionSettled() || left.isNegative() || left.isZero()) {
                            return Uni.createFrom().item(Optional.of(current));
                        }
                        return Uni.createFrom().completionStage(changed)
                                .ifNoItem().after(left).recoverWithItem((Void) null)
                                .replaceWith(Optional.<OrderStatusRecord>empty());
                    })
                    .onTermination().invoke(() -> unregister(orderId, changed));
        }).flatMap(answer -> answer.isPresent() ? Uni.createFrom().item(answer.get()) : attempt(orderId, deadline));
    }

    /** How many waits are registered now; for tests and metrics. */
    public int registeredWaits() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    private CompletableFuture<Void> register(UUID orderId) {
        CompletableFuture<Void> changed = new CompletableFuture<>();
        waiting.computeIfAbsent(orderId, id -> ConcurrentHashMap.newKeySet()).add(changed);
        return changed;
    }

    private void unregister(UUID orderId, CompletableFuture<Void> changed) {
        waiting.computeIfPresent(orderId, (id, set) -> {
            set.remove(changed);
            return set.isEmpty() ? null : set;
        });
    }

    private void changed(String orderId) {
        Set<CompletableFuture<Void>> waiters;
        try {
            waiters = waiting.remove(UUID.fromString(orderId));
        } catch (IllegalArgumentException e) {
            return;
        }
        if (waiters != null) {
            waiters.forEach(w -> w.complete(null));
        }
    }

    /** After a reconnect notifications may have been missed: every waiter re-reads its row. */
    private void wakeEveryone() {
        waiting.keySet().forEach(id -> changed(id.toString()));
    }
}
