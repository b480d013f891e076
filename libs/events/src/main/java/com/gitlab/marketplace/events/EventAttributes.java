package com.gitlab.marketplace.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The CloudEvents attributes of a received event. {@code id} is the dedupe key of idempotent consumers.
 */
public record EventAttributes(UUID id, String type, String source, String subject, Instant time) {
}
