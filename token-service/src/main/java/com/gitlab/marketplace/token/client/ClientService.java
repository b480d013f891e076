package com.gitlab.marketplace.token.client;

import com.gitlab.marketplace.events.partner.ClientUpdated;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.oauth.scopes.Scopes;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import com.gitlab.marketplace.token.partner.PartnerRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Issues, rotates, disables and enables client credentials. A secret is returned once, at issue or
 * rotation; only its keyed hash is stored. Changes take effect on every replica at once (see
 * {@link ClientDirectory}).
 */
@ApplicationScoped
public class ClientService {

    private static final Logger LOG = Logger.getLogger(ClientService.class);

    private final Pool pool;
    private final ClientRepository clients;
    private final PartnerRepository partners;
    private final ClientSecrets secrets;
    private final ClientDirectory directory;
    private final Clock clock = Clock.systemUTC();

    public ClientService(Pool pool, ClientRepository clients, PartnerRepository partners, ClientSecrets secrets,
            ClientDirectory directory) {
        this.pool = pool;
        this.clients = clients;
        this.partners = partners;
        this.secrets = secrets;
        this.directory = directory;
    }

    /**
     * Issues credentials: for a partner (order scopes) or, without partner, for an operator (admin scope).
     * Without scopes the client gets every scope of its kind.
     *
     * @throws ApiException 422 when the scopes do not fit the kind of client, 404 for an unknown partner
     */
    public Uni<IssuedClient> issue(String partnerId, Set<String> requestedScopes, String description,
            String operator) {
        Set<String> allowed = partnerId == null ? Scopes.OPERATOR_SCOPES : Scopes.PARTNER_SCOPES;
        Set<String> scopes = requestedScopes == null ? allowed : requestedScopes;
        if (!allowed.containsAll(scopes)) {
            Set<String> refused = new TreeSet<>(scopes);
            refused.removeAll(allowed);
            return Uni.createFrom().failure(new ApiException(422, "scope_not_allowed", (partnerId == null
                    ? "an operator client (no partnerId) may only have " : "a partner client may only have ")
                    + String.join(", ", new TreeSet<>(allowed)) + "; not " + String.join(", ", refused)));
        }
        Uni<Void> partnerExists = partnerId == null ? Uni.createFrom().voidItem()
                : partners.find(partnerId).map(found -> found.orElseThrow(
                        () -> ApiException.notFound("partner '" + partnerId + "'"))).replaceWithVoid();
        String secret = secrets.newSecret();
        Instant now = clock.instant();
        OAuthClient client = new OAuthClient(secrets.newClientId(), partnerId, description, secrets.hash(secret),
                scopes, true, now, now);
        return partnerExists
                .flatMap(ok -> pool.withTransaction(tx -> clients.insert(tx, client)))
                .invoke(created -> directory.invalidate(created.clientId()))
                .invoke(created -> LOG.infof("client %s issued for %s with scopes %s by %s", created.clientId(),
                        partnerId == null ? "operators" : "partner " + partnerId, created.scopes(), operator))
                .map(created -> new IssuedClient(created, secret));
    }

    /** Replaces the secret; the old one stops working at once. */
    public Uni<IssuedClient> rotateSecret(String clientId, String operator) {
        String secret = secrets.newSecret();
        return pool.withTransaction(tx -> clients.replaceSecret(tx, clientId, secrets.hash(secret), clock.instant()))
                .map(found -> found.orElseThrow(() -> ApiException.notFound("client '" + clientId + "'")))
                .invoke(client -> directory.invalidate(clientId))
                .invoke(client -> LOG.infof("client %s secret rotated by %s", clientId, operator))
                .map(client -> new IssuedClient(client, secret));
    }

    public Uni<OAuthClient> setEnabled(String clientId, boolean enabled, String operator) {
        // Published with the change, so services verifying the client's tokens themselves refuse them too; timed
        // by the database after the row lock, so order-api, which keeps the latest, keeps the one that committed last.
        return pool.withTransaction(tx -> clients.setEnabled(tx, clientId, enabled)
                        .map(found -> found.orElseThrow(() -> ApiException.notFound("client '" + clientId + "'")))
                        .call(client -> clients.lockedNow(tx).call(at -> OutboxWriter.append(tx,
                                new ClientUpdated(clientId, client.partnerId(), enabled, at), at))))
                .invoke(client -> directory.invalidate(clientId))
                .invoke(client -> LOG.infof("client %s %s by %s", clientId, enabled ? "enabled" : "disabled",
                        operator));
    }

    public Uni<List<OAuthClient>> list(Optional<String> partnerId) {
        return clients.list(partnerId);
    }

    /** A client with its secret in clear text: returned once, never stored. */
    public record IssuedClient(OAuthClient client, String secret) {
    }
}
