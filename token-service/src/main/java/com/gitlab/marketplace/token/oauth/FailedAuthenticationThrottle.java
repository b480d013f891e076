package com.gitlab.marketplace.token.oauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.gitlab.marketplace.token.config.TokenServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Slows down credential guessing: after too many failed authentications from one source address, or for
 * one client id from one source, within a fixed window, further attempts from there get 429
 * {@code slow_down} until the window ends, even with the right secret.
 *
 * <p>Never by client id alone: client ids are public (every token carries one), so anyone could otherwise
 * lock a partner out by sending wrong secrets for its id. A guesser spread over many addresses is still
 * bounded per address, and a 256-bit secret cannot be guessed anyway. Counted per replica; with N
 * replicas an attacker gets at most N times the budget.
 */
@ApplicationScoped
public class FailedAuthenticationThrottle {

    private static final Logger LOG = Logger.getLogger(FailedAuthenticationThrottle.class);

    private final Cache<ClientAtSource, Window> byClientAndSource;
    private final Cache<String, Window> bySource;
    private final int maxPerClientAndSource;
    private final int maxPerSource;
    private final Duration window;

    public FailedAuthenticationThrottle(TokenServiceConfig config) {
        this.window = config.throttle().window();
        this.maxPerClientAndSource = config.throttle().maxFailuresPerClientAndSource();
        this.maxPerSource = config.throttle().maxFailuresPerSource();
        this.byClientAndSource = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
        this.bySource = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
    }

    /** How long the caller must wait, if the source, or this client id from this source, is blocked now. */
    public Optional<Duration> blockedFor(String clientId, String source) {
        long now = System.nanoTime();
        Duration clientWait = remaining(byClientAndSource.getIfPresent(new ClientAtSource(clientId, source)),
                maxPerClientAndSource, now);
        Duration sourceWait = remaining(bySource.getIfPresent(source), maxPerSource, now);
        Duration wait = clientWait.compareTo(sourceWait) >= 0 ? clientWait : sourceWait;
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public void recordFailure(String clientId, String source) {
        long now = System.nanoTime();
        if (byClientAndSource.get(new ClientAtSource(clientId, source), k -> new Window(now))
                .failures.incrementAndGet() == maxPerClientAndSource) {
            LOG.warnf("throttling client id '%s' from %s for %s after %d failed authentications", clientId, source,
                    window, maxPerClientAndSource);
        }
        if (bySource.get(source, k -> new Window(now)).failures.incrementAndGet() == maxPerSource) {
            LOG.warnf("throttling source %s for %s after %d failed authentications", source, window, maxPerSource);
        }
    }

    private Duration remaining(Window current, int max, long now) {
        if (current == null || current.failures.get() < max) {
            return Duration.ZERO;
        }
        long left = current.startNanos + window.toNanos() - now;
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    private record ClientAtSource(String clientId, String source) {
    }

    private static final class Window {
        final long startNanos;
        final AtomicInteger failures = new AtomicInteger();

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }
}
