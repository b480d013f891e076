package com.gitlab.marketplace.token.oauth;

import com.gitlab.marketplace.failure.throttle.FailureWindows;
import com.gitlab.marketplace.token.config.TokenServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Slows down credential guessing: after too many failed authentications from one source address, or for
 * one client id from one source, within a fixed window, further failures from there get 429
 * {@code slow_down} until the window ends. The right secret still gets its token ({@link ClientAuthenticator}):
 * many partners may share one source address.
 *
 * <p>Never by client id alone: client ids are public (every token carries one), so anyone could otherwise
 * lock a partner out by sending wrong secrets for its id. A guesser spread over many addresses is still
 * bounded per address, and a 256-bit secret cannot be guessed anyway. Counted per replica; with N
 * replicas an attacker gets at most N times the budget.
 */
@ApplicationScoped
public class FailedAuthenticationThrottle {

    private static final Logger LOG = Logger.getLogger(FailedAuthenticationThrottle.class);

    private final FailureWindows<ClientAtSource> byClientAndSource;
    private final FailureWindows<String> bySource;

    public FailedAuthenticationThrottle(TokenServiceConfig config) {
        Duration window = config.throttle().window();
        this.byClientAndSource = new FailureWindows<>(config.throttle().maxFailuresPerClientAndSource(), window, 100_000);
        this.bySource = new FailureWindows<>(config.throttle().maxFailuresPerSource(), window, 100_000);
    }

    /** How long the caller must wait, if the source, or this client id from this source, is blocked now. */
    public Optional<Duration> blockedFor(String clientId, String source) {
        Optional<Duration> clientWait = byClientAndSource.blockedFor(new ClientAtSource(clientId, source));
        Optional<Duration> sourceWait = bySource.blockedFor(source);
        if (clientWait.isEmpty()) {
            return sourceWait;
        }
        return sourceWait.filter(wait -> wait.compareTo(clientWait.get()) > 0).or(() -> clientWait);
    }

    public void recordFailure(String clientId, String source) {
        if (byClientAndSource.recordFailure(new ClientAtSource(clientId, source))) {
            LOG.warnf("throttling client id '%s' from %s for %s after %d failed authentications", clientId, source,
                    byClientAndSource.window(), byClientAndSource.max());
        }
        if (bySource.recordFailure(source)) {
            LOG.warnf("throttling source %s for %s after %d failed authentications", source, bySource.window(),
                    bySource.max());
        }
    }

    private record ClientAtSource(String clientId, String source) {
    }
}
