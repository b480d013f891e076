package com.gitlab.marketplace.order.partner;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;

/**
 * Whether a partner or a client is known here and disabled, read on every partner call: each answer is kept for
 * {@link #LIFETIME} per id, so disabling acts within that time of its event being projected (on every replica,
 * whichever projected it) without a database read on every status poll.
 */
final class DisabledFlags {

    static final Duration LIFETIME = Duration.ofSeconds(2);

    private final Pool pool;
    private final String query;
    private final AsyncCache<String, Boolean> disabled;

    /** Over {@code table}'s {@code enabled} column, by {@code idColumn}. */
    DisabledFlags(Pool pool, String table, String idColumn, int maximumSize) {
        this.pool = pool;
        this.query = "SELECT enabled FROM " + table + " WHERE " + idColumn + " = $1";
        this.disabled = Caffeine.newBuilder().expireAfterWrite(LIFETIME).maximumSize(maximumSize).buildAsync();
    }

    /** True for an id on record and disabled, as of at most {@link #LIFETIME} ago; false for an unknown one. */
    Uni<Boolean> disabled(String id) {
        return Uni.createFrom().completionStage(() -> disabled.get(id, (key, executor) -> pool
                .preparedQuery(query).execute(Tuple.of(key))
                .map(rows -> rows.rowCount() > 0 && !rows.iterator().next().getBoolean("enabled"))
                .subscribeAsCompletionStage()));
    }

    /** Drops this replica's answer for {@code id}, so its next read sees the table. */
    void forget(String id) {
        disabled.synchronous().invalidate(id);
    }
}
