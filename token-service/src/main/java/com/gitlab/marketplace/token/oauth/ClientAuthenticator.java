package com.gitlab.marketplace.token.oauth;

import com.gitlab.marketplace.token.client.ClientDirectory;
import com.gitlab.marketplace.token.client.ClientSecrets;
import com.gitlab.marketplace.token.client.OAuthClient;
import com.gitlab.marketplace.token.partner.PartnerStates;
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
    private final PartnerStates partners;

    public ClientAuthenticator(ClientDirectory directory, ClientSecrets secrets, FailedAuthenticationThrottle throttle,
            PartnerStates partners) {
        this.directory = directory;
        this.partners = partners;
        this.secrets = secrets;
        this.throttle = throttle;
    }

    /**
     * The authenticated client. The right secret of an enabled client always authenticates, throttled or not:
     * every partner behind one address (a NAT, an ingress whose forwarded address is not trusted) shares that
     * address's budget, and anyone can spend it with wrong secrets for public client ids. While a source or a
     * client at a source is throttled, a wrong secret is answered {@code slow_down}, so a guesser learns nothing
     * more and is told to wait; secrets are 256 random bits, so the throttle's job is to slow and report
     * guessing, not to make it infeasible.
     *
     * @throws OAuthException {@code slow_down} for a failure while throttled, else {@code invalid_client} for an
     *                        unknown client, a wrong secret, a disabled client or a client of a disabled
     *                        partner (one message for all, so the answer does not tell which)
     */
    public Uni<OAuthClient> authenticate(ClientCredentials credentials, String source) {
        Optional<Duration> throttled = throttle.blockedFor(credentials.clientId(), source);
        return directory.find(credentials.clientId()).map(found -> {
            if (found.isEmpty()) {
                secrets.matchAgainstNothing(credentials.clientSecret());
                return reject(credentials, source, "unknown client", throttled);
            }
            OAuthClient client = found.get();
            if (!secrets.matches(credentials.clientSecret(), client.secretHash())) {
                return reject(credentials, source, "wrong secret", throttled);
            }
            if (!client.enabled()) {
                return reject(credentials, source, "client disabled", throttled);
            }
            return client;
        }).call(client -> client.isOperator() ? Uni.createFrom().voidItem()
                : partners.enabled(client.partnerId()).invoke(enabled -> {
                    if (!enabled) {
                        // Not counted as a failure: the secret was right, and guessing learns nothing here.
                        LOG.debugf("token request for client id '%s' refused: partner %s is disabled",
                                client.clientId(), client.partnerId());
                        throw new OAuthException(OAuthError.INVALID_CLIENT, FAILED);
                    }
                }));
    }

    private OAuthClient reject(ClientCredentials credentials, String source, String reason,
            Optional<Duration> throttled) {
        throttle.recordFailure(credentials.clientId(), source);
        LOG.debugf("token request from %s for client id '%s' refused: %s", source, credentials.clientId(), reason);
        if (throttled.isPresent()) {
            throw new OAuthException(OAuthError.SLOW_DOWN, "too many failed authentications; retry later",
                    throttled.get());
        }
        throw new OAuthException(OAuthError.INVALID_CLIENT, FAILED);
    }
}
