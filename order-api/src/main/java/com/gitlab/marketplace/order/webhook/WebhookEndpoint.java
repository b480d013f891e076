package com.gitlab.marketplace.order.webhook;

import java.time.Instant;
import java.util.List;

/**
 * A partner's webhook endpoint (API.md §2.7).
 *
 * @param previousSecret      the secret before the last rotation, still signing until {@code previousSecretUntil}
 * @param failingSince        the first failed attempt since the endpoint last answered 2xx; null while it answers
 * @param disabledReason      why the platform disabled it (410, failing for long); null while enabled
 */
public record WebhookEndpoint(String partnerId, String url, List<String> events, boolean enabled,
        String disabledReason, String secret, String previousSecret, Instant previousSecretUntil,
        Instant failingSince, Instant createdAt, Instant updatedAt) {

    public static final String SUBSCRIPTION_UPDATED = "subscription.updated";
    public static final String CHANGE_UPDATED = "change.updated";
    public static final String PING = "ping";
    /** The events a partner may subscribe to ({@link #PING} is sent on request only). */
    public static final List<String> EVENTS = List.of(SUBSCRIPTION_UPDATED, CHANGE_UPDATED);

    public WebhookEndpoint {
        events = List.copyOf(events);
    }

    /** The secrets that sign a message sent at {@code now}: the current one, and the previous during its overlap. */
    public List<String> signingSecrets(Instant now) {
        return previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil)
                ? List.of(secret, previousSecret) : List.of(secret);
    }
}
