package com.gitlab.marketplace.token.client;

import com.gitlab.marketplace.oauth.scopes.Scopes;
import com.gitlab.marketplace.token.config.TokenServiceConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Creates the operator client given by configuration when it does not exist yet, so a fresh install can
 * onboard its first partner. It is never re-enabled or reset afterwards: an operator who disabled it or
 * rotated its secret after a leak keeps that decision across restarts (the environment's secret then no
 * longer works, which is the point). To start over, delete the client row or configure another client id.
 */
@ApplicationScoped
public class BootstrapAdminClient {

    private static final Logger LOG = Logger.getLogger(BootstrapAdminClient.class);
    private static final int MIN_SECRET_LENGTH = 32;

    private final TokenServiceConfig config;
    private final ClientRepository clients;
    private final ClientSecrets secrets;
    private final Pool pool;

    public BootstrapAdminClient(TokenServiceConfig config, ClientRepository clients, ClientSecrets secrets, Pool pool) {
        this.config = config;
        this.clients = clients;
        this.secrets = secrets;
        this.pool = pool;
    }

    void createIfAbsent(@Observes StartupEvent startup) {
        Optional<String> clientId = config.bootstrapAdmin().clientId();
        Optional<String> secret = config.bootstrapAdmin().clientSecret();
        if (clientId.isEmpty() && secret.isEmpty()) {
            return;
        }
        if (clientId.isEmpty() || secret.isEmpty()) {
            throw new IllegalStateException("set both token-service.bootstrap-admin.client-id and "
                    + "token-service.bootstrap-admin.client-secret, or neither");
        }
        if (secret.get().length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("token-service.bootstrap-admin.client-secret must be at least "
                    + MIN_SECRET_LENGTH + " characters (e.g. openssl rand -base64 32)");
        }
        createIfAbsent(clientId.get(), secret.get());
    }

    /** What a start does with the configured client; public so a restart can be replayed in tests. */
    public boolean createIfAbsent(String clientId, String secret) {
        boolean created = pool.withTransaction(tx -> clients.insertOperatorIfAbsent(tx, clientId,
                        secrets.hash(secret), List.of(Scopes.ADMIN), Clock.systemUTC().instant()))
                .await().atMost(Duration.ofSeconds(30));
        if (created) {
            LOG.infof("bootstrap operator client %s created", clientId);
        } else {
            LOG.infof("bootstrap operator client %s exists; left as it is (enabled state and secret unchanged)",
                    clientId);
        }
        return created;
    }
}
