package com.gitlab.marketplace.order.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.marketplace.events.EventJson;
import java.util.List;

/**
 * Lists kept in {@code jsonb} columns (failures, lines, errors), read as text and written as text, with the
 * events' mapper so that a line reads back exactly as the event carried it.
 */
public final class JsonColumns {

    private static final ObjectMapper JSON = EventJson.mapper();

    private JsonColumns() {
    }

    /** @throws IllegalStateException naming {@code column} when the stored text is not what we wrote */
    public static <T> T read(String json, TypeReference<T> type, String column) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + column + " column", e);
        }
    }

    public static String write(List<?> items) {
        try {
            return JSON.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + items, e);
        }
    }
}
