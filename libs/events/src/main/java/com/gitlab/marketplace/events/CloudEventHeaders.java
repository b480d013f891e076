package com.gitlab.marketplace.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvents 1.0 Kafka binary binding as the platform uses it: attributes in {@code ce_*} headers,
 * the JSON payload as the record value, {@code content-type: application/json}.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }

    /** Writes the attributes of one event; {@code subject} is also the record key. */
    public static void write(Headers headers, UUID id, String ceType, String source, String subject, Instant time) {
        put(headers, SPEC_VERSION, SPEC_VERSION_1_0);
        put(headers, ID, id.toString());
        put(headers, TYPE, ceType);
        put(headers, SOURCE, source);
        put(headers, SUBJECT, subject);
        put(headers, TIME, time.toString());
        put(headers, CONTENT_TYPE, JSON);
    }

    /**
     * Reads the attributes of a received record.
     *
     * @throws MalformedEventException when a required attribute is missing or invalid
     */
    public static EventAttributes read(Headers headers) {
        String specVersion = required(headers, SPEC_VERSION);
        if (!SPEC_VERSION_1_0.equals(specVersion)) {
            throw new MalformedEventException("unsupported " + SPEC_VERSION + " '" + specVersion + "'");
        }
        String id = required(headers, ID);
        String time = optional(headers, TIME);
        try {
            return new EventAttributes(UUID.fromString(id), required(headers, TYPE), required(headers, SOURCE),
                    optional(headers, SUBJECT), time == null ? null : Instant.parse(time));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedEventException("invalid " + ID + " or " + TIME + ": " + e.getMessage(), e);
        }
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(Headers headers, String name) {
        String value = optional(headers, name);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("missing header " + name);
        }
        return value;
    }

    private static String optional(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
