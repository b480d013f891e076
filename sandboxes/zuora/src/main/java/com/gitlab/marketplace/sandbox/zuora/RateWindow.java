package com.gitlab.marketplace.sandbox.zuora;

import java.util.concurrent.TimeUnit;

/** The tenant's rate limit, as Zuora shows it in its RateLimit headers: a fixed one-minute window. */
final class RateWindow {

    record Usage(int limit, int remaining, long resetSeconds, boolean exceeded) {
    }

    private final int limit;
    private long windowStart = System.nanoTime();
    private int used;

    RateWindow(int limit) {
        this.limit = limit;
    }

    synchronized Usage take() {
        long now = System.nanoTime();
        if (now - windowStart >= TimeUnit.MINUTES.toNanos(1)) {
            windowStart = now;
            used = 0;
        }
        used++;
        long reset = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(windowStart + TimeUnit.MINUTES.toNanos(1) - now));
        return new Usage(limit, Math.max(0, limit - used), reset, used > limit);
    }
}
