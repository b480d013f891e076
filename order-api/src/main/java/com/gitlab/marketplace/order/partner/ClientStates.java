package com.gitlab.marketplace.order.partner;

import com.gitlab.marketplace.events.partner.ClientUpdated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;

/**
 * The OAuth clients operators disabled, kept from {@code ClientUpdated} events. order-api verifies tokens itself
 * (and trusts a verified one until it expires), so without this a disabled client's token would keep working
 * for up to its two hours. Read on every partner request, so cached like a partner's flag ({@link DisabledFlags}).
 */
@ApplicationScoped
public class ClientStates {

    private final DisabledFlags disabled;

    public ClientStates(Pool pool) {
        this.disabled = new DisabledFlags(pool, "client_state", "client_id", 50_000);
    }

    /** True for a client an operator disabled (and did not enable again), as of a moment ago. */
    public Uni<Boolean> disabled(String clientId) {
        return disabled.disabled(clientId);
    }

    /** Records the change unless a later one is on record already (events of one client arrive in order). */
    public Uni<Void> apply(SqlClient tx, ClientUpdated change) {
        return tx.preparedQuery("INSERT INTO client_state (client_id, partner_id, enabled, changed_at) "
                        + "VALUES ($1, $2, $3, $4) ON CONFLICT (client_id) DO UPDATE SET enabled = EXCLUDED.enabled, "
                        + "changed_at = EXCLUDED.changed_at WHERE client_state.changed_at <= EXCLUDED.changed_at")
                .execute(Tuple.of(change.clientId(), change.partnerId(), change.enabled(),
                        change.occurredAt().atOffset(ZoneOffset.UTC)))
                .invoke(() -> disabled.forget(change.clientId()))
                .replaceWithVoid();
    }
}
