package com.gitlab.marketplace.token.oauth;

import com.gitlab.marketplace.token.client.ClientDirectory;
import com.gitlab.marketplace.token.client.ClientSecrets;
import com.gitlab.marketplace.token.client.OAuthClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Authenticates a client at the token endpoint, throttling repeated failures. */
@ApplicationScoped
public class ClientAuthenticator {

    private static final Logger LOG = Logger.getLogger(ClientAuthenticator.class);
    private static final String FAILED = "client authentication failed";

    private final ClientDirectory directory;
    private final ClientSecrets secrets;
    private final FailedAuthenticationThrottle throttle;

    public ClientAuthenticator(ClientDirectory directory, ClientSecrets secrets, FailedAuthenticationThrottle throttle) {
        this.directory = directory;
        this.secrets = secrets;
        this.throttle = throttle;
    }

    /**
     * The authenticated client.
     *
     * @throws OAuthException {@code slow_down} while throttled, else {@code invalid_client} for an unknown
     *                        client, a wrong secret or a disabled client (one message for all, so the
     *                        answer does not tell which)
     */
    public Uni<OAuthClient> authenticate(ClientCredentials credentials, String source) {
        Optional<Duration> blocked = throttle.blockedFor(credentials.clientId(), source);
        if (blocked.isPresent()) {
            return Uni.createFrom().failure(new OAuthException(OAuthError.SLOW_DOWN,
                    "too many failed authentications; retry later", blocked.get()));
        }
        return directory.find(credentials.clientId()).map(found -> {
            if (found.isEmpty()) {
                secrets.matchAgainstNothing(credentials.clientSecret());
                return reject(credentials, source, "unknown client");
            }
            OAuthClient client = found.get();
            if (!secrets.matches(credentials.clientSecret(), client.secretHash())) {
                return reject(credentials, source, "wrong secret");
            }
            if (!client.enabled()) {
                return reject(credentials, source, "client disabled");
            }
            return client;
        });
    }

    private OAuthClient reject(ClientCredentials credentials, String source, String reason) {
        throttle.recordFailure(credentials.clientId(), source);
        LOG.debugf("token request from %s for client id '%s' refused: %s", source, credentials.clientId(), reason);
        throw new OAuthException(OAuthError.INVALID_CLIENT, FAILED);
    }
}
