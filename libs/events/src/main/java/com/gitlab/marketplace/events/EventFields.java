package com.gitlab.marketplace.events;

/**
 * Checks of the event records' required fields. A record refuses to exist without them, so a received
 * payload that lacks one fails to deserialize and is treated as malformed (dead-lettered), instead of
 * failing later in a consumer as a null pointer that would be retried forever.
 */
public final class EventFields {

    private EventFields() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static String requiredText(String value, String field) {
        if (required(value, field).isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }
}
