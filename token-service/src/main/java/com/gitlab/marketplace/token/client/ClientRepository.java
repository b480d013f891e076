package com.gitlab.marketplace.token.client;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * OAuth clients in PostgreSQL, reactive. Every write also notifies {@link #CHANGED_CHANNEL} with the client
 * id, in the same transaction, so every replica drops its cached copy as soon as the change commits.
 */
@ApplicationScoped
public class ClientRepository {

    public static final String CHANGED_CHANNEL = "oauth_client_changed";

    private static final String COLUMNS =
            "client_id, partner_id, description, secret_hash, scopes, enabled, created_at, secret_rotated_at";

    private final Pool pool;

    public ClientRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<OAuthClient>> find(String clientId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM oauth_client WHERE client_id = $1")
                .execute(Tuple.of(clientId))
                .map(ClientRepository::first);
    }

    public Uni<List<OAuthClient>> list(Optional<String> partnerId) {
        Uni<RowSet<Row>> rows = partnerId.isPresent()
                ? pool.preparedQuery("SELECT " + COLUMNS + " FROM oauth_client WHERE partner_id = $1 ORDER BY created_at")
                        .execute(Tuple.of(partnerId.get()))
                : pool.query("SELECT " + COLUMNS + " FROM oauth_client ORDER BY created_at").execute();
        return rows.map(set -> {
            List<OAuthClient> clients = new ArrayList<>();
            set.forEach(row -> clients.add(map(row)));
            return clients;
        });
    }

    public Uni<OAuthClient> insert(SqlClient tx, OAuthClient client) {
        return tx.preparedQuery("INSERT INTO oauth_client (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.tuple()
                        .addString(client.clientId())
                        .addString(client.partnerId())
                        .addString(client.description())
                        .addBuffer(Buffer.buffer(client.secretHash()))
                        .addArrayOfString(client.scopes().toArray(String[]::new))
                        .addBoolean(client.enabled())
                        .addOffsetDateTime(utc(client.createdAt()))
                        .addOffsetDateTime(utc(client.secretRotatedAt())))
                .call(() -> notifyChanged(tx, client.clientId()))
                .map(rows -> map(rows.iterator().next()));
    }

    /** Creates or refreshes an operator client whose secret is configured (the bootstrap admin). */
    /**
     * Creates the operator client unless a client with that id exists. An existing one is left exactly as
     * operators left it: a disable or a secret rotation after a leak must survive restarts.
     *
     * @return whether the client was created
     */
    public Uni<Boolean> insertOperatorIfAbsent(SqlClient tx, String clientId, byte[] secretHash, List<String> scopes,
            Instant now) {
        return tx.preparedQuery("INSERT INTO oauth_client (" + COLUMNS + ") "
                        + "VALUES ($1, NULL, 'bootstrap operator client (configured)', $2, $3, true, $4, $4) "
                        + "ON CONFLICT (client_id) DO NOTHING")
                .execute(Tuple.of(clientId, io.vertx.core.buffer.Buffer.buffer(secretHash), scopes.toArray(String[]::new), utc(now)))
                .map(rows -> rows.rowCount() == 1)
                .call(created -> created ? notifyChanged(tx, clientId) : Uni.createFrom().voidItem());
    }

    public Uni<Optional<OAuthClient>> replaceSecret(SqlClient tx, String clientId, byte[] secretHash, Instant now) {
        return tx.preparedQuery("UPDATE oauth_client SET secret_hash = $2, secret_rotated_at = $3 "
                        + "WHERE client_id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(clientId, io.vertx.core.buffer.Buffer.buffer(secretHash), utc(now)))
                .call(() -> notifyChanged(tx, clientId))
                .map(ClientRepository::first);
    }

    /**
     * The database's clock now, for a change made under a row lock in {@code tx}: two changes of one client are
     * then timed in the order they commit, whichever replica made them.
     */
    public Uni<Instant> lockedNow(SqlClient tx) {
        return tx.query("SELECT clock_timestamp() AS now").execute()
                .map(rows -> rows.iterator().next().getOffsetDateTime("now").toInstant());
    }

    public Uni<Optional<OAuthClient>> setEnabled(SqlClient tx, String clientId, boolean enabled) {
        return tx.preparedQuery("UPDATE oauth_client SET enabled = $2 WHERE client_id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(clientId, enabled))
                .call(() -> notifyChanged(tx, clientId))
                .map(ClientRepository::first);
    }

    private static Uni<Void> notifyChanged(SqlClient tx, String clientId) {
        return tx.preparedQuery("SELECT pg_notify('" + CHANGED_CHANNEL + "', $1)")
                .execute(Tuple.of(clientId))
                .replaceWithVoid();
    }

    private static Optional<OAuthClient> first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next()));
    }

    private static OAuthClient map(Row row) {
        return new OAuthClient(
                row.getString("client_id"),
                row.getString("partner_id"),
                row.getString("description"),
                row.getBuffer("secret_hash").getBytes(),
                new HashSet<>(Arrays.asList(row.getArrayOfStrings("scopes"))),
                row.getBoolean("enabled"),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("secret_rotated_at").toInstant());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
