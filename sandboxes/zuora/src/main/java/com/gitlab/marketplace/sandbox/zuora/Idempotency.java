package com.gitlab.marketplace.sandbox.zuora;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Zuora's {@code Idempotency-Key}: the first request's answer is stored and returned to every repeat for
 * 24 hours; a repeat while the first is still being processed gets 409.
 */
final class Idempotency {

    static final Duration KEY_LIFETIME = Duration.ofHours(24);

    /** A stored answer; {@code body} is null while the first request is in progress. */
    record Entry(long createdNanos, int status, JsonObject body) {
        boolean inProgress() {
            return body == null;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Claims the key for a new request; empty when claimed, else the existing entry. */
    Optional<Entry> claim(String key) {
        long now = System.nanoTime();
        entries.entrySet().removeIf(e -> now - e.getValue().createdNanos() > KEY_LIFETIME.toNanos());
        Entry existing = entries.putIfAbsent(key, new Entry(now, 0, null));
        return Optional.ofNullable(existing);
    }

    void complete(String key, int status, JsonObject body) {
        entries.computeIfPresent(key, (k, e) -> new Entry(e.createdNanos(), status, body.copy()));
    }

    /** A request that failed before Zuora stored an answer (e.g. an injected 5xx) leaves no key behind. */
    void release(String key) {
        entries.remove(key);
    }

    void clear() {
        entries.clear();
    }
}
