package com.gitlab.marketplace.failure.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Failures counted per key in fixed windows: once a key reaches {@code max} failures within a window it is
 * blocked until that window ends, whatever it sends meanwhile (the right credentials included), so guessing
 * is bounded per key. Memory is bounded too (at most {@code maxKeys} keys, each forgotten after its window).
 * Counted per process; with N replicas a guesser gets at most N times the budget.
 *
 * @param <K> what is counted: a source address, a client id at a source, ...
 */
public final class FailureWindows<K> {

    private final Cache<K, Window> windows;
    private final int max;
    private final Duration window;
    private final LongSupplier nanoTime;

    public FailureWindows(int max, Duration window, long maxKeys) {
        this(max, window, maxKeys, System::nanoTime);
    }

    FailureWindows(int max, Duration window, long maxKeys, LongSupplier nanoTime) {
        if (max < 1) {
            throw new IllegalArgumentException("the failures allowed per window must be at least 1, not " + max);
        }
        this.max = max;
        this.window = window;
        this.nanoTime = nanoTime;
        this.windows = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(maxKeys).build();
    }

    /** How long {@code key} must still wait, if it is blocked now. */
    public Optional<Duration> blockedFor(K key) {
        Window current = windows.getIfPresent(key);
        if (current == null || current.failures.get() < max) {
            return Optional.empty();
        }
        long left = current.startNanos + window.toNanos() - nanoTime.getAsLong();
        return left <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos(left));
    }

    /** Counts a failure; answers true exactly when this one blocks the key (for one log line per block). */
    public boolean recordFailure(K key) {
        long now = nanoTime.getAsLong();
        return windows.get(key, k -> new Window(now)).failures.incrementAndGet() == max;
    }

    public int max() {
        return max;
    }

    public Duration window() {
        return window;
    }

    private static final class Window {
        final long startNanos;
        final AtomicInteger failures = new AtomicInteger();

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }
}
