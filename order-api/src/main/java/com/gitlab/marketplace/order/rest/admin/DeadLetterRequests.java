package com.gitlab.marketplace.order.rest.admin;

import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.http.errors.ApiError.FieldError;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.http.errors.ValidationFailedException;
import com.gitlab.marketplace.order.deadletter.DeadLetterId;
import com.gitlab.marketplace.order.rest.ListParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The parameters of the dead-letter calls, checked: 422 {@code validation_failed} naming each bad one. */
final class DeadLetterRequests {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 500;
    static final int MAX_IDS = 100;

    private DeadLetterRequests() {
    }

    /** One platform topic or its dead-letter topic, by either name; none: all of them. */
    static List<String> topics(String topic, String field, List<FieldError> errors) {
        if (topic == null) {
            return Topics.ALL.stream().map(Topics::deadLetter).toList();
        }
        String deadLetterTopic = DeadLetterId.isDeadLetterTopic(topic) ? topic : Topics.deadLetter(topic);
        if (!DeadLetterId.isDeadLetterTopic(deadLetterTopic)) {
            errors.add(new FieldError(field, "must be one of the platform's topics (" + String.join(", ", Topics.ALL)
                    + ") or its dead-letter topic (<topic>.dlq)"));
            return List.of();
        }
        return List.of(deadLetterTopic);
    }

    static int pageSize(String value, List<FieldError> errors) {
        return ListParameters.pageSize(value, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors);
    }

    /** The last dead letter of the previous page. */
    static DeadLetterId pageToken(String token) {
        return token == null ? null : DeadLetterId.parse(token).orElseThrow(() -> new ApiException(400,
                "invalid_page_token", "pageToken is not a nextPageToken this list gave out"));
    }

    static List<DeadLetterId> ids(List<String> ids, List<FieldError> errors) {
        List<DeadLetterId> parsed = new ArrayList<>();
        if (ids.size() > MAX_IDS) {
            errors.add(new FieldError("ids", "at most " + MAX_IDS + " per call (or all: true)"));
            return parsed;
        }
        for (int i = 0; i < ids.size(); i++) {
            Optional<DeadLetterId> id = DeadLetterId.parse(ids.get(i));
            if (id.isEmpty()) {
                errors.add(new FieldError("ids[" + i + "]", "must be a dead letter's id, topic:partition:offset "
                        + "on a platform dead-letter topic (as GET /admin/dead-letters lists them)"));
            } else if (!parsed.contains(id.get())) {
                parsed.add(id.get());
            }
        }
        return parsed;
    }

    static void requireValid(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
    }
}
