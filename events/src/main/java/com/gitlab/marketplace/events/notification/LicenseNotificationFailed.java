package com.gitlab.marketplace.events.notification;

import com.gitlab.marketplace.events.FailureEvent;
import java.time.Instant;
import java.util.UUID;

/** The license could not be issued or emailed. */
public record LicenseNotificationFailed(UUID orderId, boolean retryable, String source, String code,
        String message, Instant occurredAt) implements FailureEvent {

    @Override
    public String subject() {
        return orderId.toString();
    }
}
