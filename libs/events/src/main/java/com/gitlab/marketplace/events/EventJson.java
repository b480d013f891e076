package com.gitlab.marketplace.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The one JSON mapping of event payloads. Timestamps are ISO-8601 strings; null fields are left out;
 * unknown fields are ignored on read, so a producer may add fields without breaking older consumers.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private EventJson() {
    }

    public static byte[] serialize(MarketplaceEvent payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + payload.getClass().getSimpleName(), e);
        }
    }

    public static String serializeToString(MarketplaceEvent payload) {
        try {
            return MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + payload.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads the payload of an event of {@code type}.
     *
     * @throws MalformedEventException when the bytes are not a valid payload of that type
     */
    public static <T extends MarketplaceEvent> T deserialize(EventType type, byte[] json) {
        try {
            @SuppressWarnings("unchecked")
            T payload = (T) MAPPER.readValue(json, type.payloadType());
            return payload;
        } catch (IOException e) {
            throw new MalformedEventException("payload is not a valid " + type.ceType() + ": " + originalMessage(e),
                    e);
        }
    }

    private static String originalMessage(IOException e) {
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    }

    /** For tests and tools that inspect the JSON shape. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
