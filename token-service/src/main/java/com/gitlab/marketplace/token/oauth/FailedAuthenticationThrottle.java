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
 * Slows down credential guessing: after too many failed authentications for one client id, or from one
 * source address, within a fixed window, further attempts get 429 {@code slow_down} until the window
 * ends, even with the right secret. Counted per replica; with N replicas an attacker gets at most N
 * times the budget, which still makes guessing a 256-bit secret hopeless.
 */
@ApplicationScoped
public class FailedAuthenticationThrottle {

    private static final Logger LOG = Logger.getLogger(FailedAuthenticationThrottle.class);

    private final Cache<String, Window> byClient;
    private final Cache<String, Window> bySource;
    private final int maxPerClient;
    private final int maxPerSource;
    private final Duration window;

    public FailedAuthenticationThrottle(TokenServiceConfig config) {
        this.window = config.throttle().window();
        this.maxPerClient = config.throttle().maxFailuresPerClient();
        this.maxPerSource = config.throttle().maxFailuresPerSource();
        this.byClient = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
        this.bySource = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(100_000).build();
    }

    /** How long the caller must wait, if the client id or the source is blocked now. */
    public Optional<Duration> blockedFor(String clientId, String source) {
        long now = System.nanoTime();
        Duration clientWait = remaining(byClient.getIfPresent(clientId), maxPerClient, now);
        Duration sourceWait = remaining(bySource.getIfPresent(source), maxPerSource, now);
        Duration wait = clientWait.compareTo(sourceWait) >= 0 ? clientWait : sourceWait;
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public void recordFailure(String clientId, String source) {
        long now = System.nanoTime();
        if (byClient.get(clientId, k -> new Window(now)).failures.incrementAndGet() == maxPerClient) {
            LOG.warnf("throttling client id '%s' for %s after %d failed authentications", clientId, window,
                    maxPerClient);
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

    private static final class Window {
        final long startNanos;
        final AtomicInteger failures = new AtomicInteger();

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }
}
