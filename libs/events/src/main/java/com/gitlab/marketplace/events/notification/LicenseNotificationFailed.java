package com.gitlab.marketplace.events.notification;

import static com.gitlab.marketplace.events.EventFields.required;
import static com.gitlab.marketplace.events.EventFields.requiredText;

import com.gitlab.marketplace.events.FailureEvent;
import java.time.Instant;
import java.util.UUID;

/** The license could not be issued or emailed. */
public record LicenseNotificationFailed(UUID orderId, int attempt, boolean retryable, String source, String code,
        String message, Instant occurredAt) implements FailureEvent {

    public LicenseNotificationFailed {
        required(orderId, "orderId");
        requiredText(code, "code");
    }

    @Override
    public String subject() {
        return orderId.toString();
    }
}
