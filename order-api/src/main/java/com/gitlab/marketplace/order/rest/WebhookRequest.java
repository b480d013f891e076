package com.gitlab.marketplace.order.rest;

import com.gitlab.marketplace.http.errors.ApiError.FieldError;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.http.errors.ValidationFailedException;
import com.gitlab.marketplace.order.webhook.WebhookEndpoint;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code PUT /api/v1/marketplace/webhook}. */
@Schema(name = "WebhookRequest", description = "Where to send which events")
public record WebhookRequest(
        @Schema(required = true, maxLength = 2048, description = "An https URL resolving to a public address, "
                + "without credentials", example = "https://hooks.partner.example/gitlab") String url,
        @Schema(required = true, description = "The events to send, at least one",
                type = SchemaType.ARRAY, implementation = WebhookRequest.EventName.class)
        List<String> events) {

    /** The schema of one event name: an enum on the list itself would constrain the array. */
    @Schema(name = "WebhookEventName", type = SchemaType.STRING,
            enumeration = {WebhookEndpoint.SUBSCRIPTION_UPDATED, WebhookEndpoint.CHANGE_UPDATED})
    interface EventName {
    }

    /** The distinct events asked for; 422 naming each bad field (the URL's address is checked later). */
    List<String> checkedEvents() {
        List<FieldError> errors = new ArrayList<>();
        if (url == null || url.isBlank()) {
            errors.add(new FieldError("url", "is required"));
        }
        List<String> wanted = new ArrayList<>();
        if (events == null || events.isEmpty()) {
            errors.add(new FieldError("events", "must name at least one of " + WebhookEndpoint.EVENTS));
        } else {
            for (int i = 0; i < events.size(); i++) {
                String event = events.get(i);
                if (event == null || !WebhookEndpoint.EVENTS.contains(event)) {
                    errors.add(new FieldError("events[" + i + "]", "must be one of " + WebhookEndpoint.EVENTS
                            + (event == null ? "" : ", not '" + ListParameters.printable(event) + "'")));
                } else if (!wanted.contains(event)) {
                    wanted.add(event);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        return wanted;
    }

    static WebhookRequest required(WebhookRequest request) {
        if (request == null) {
            throw new ApiException(400, "malformed_request", "a JSON body is required");
        }
        return request;
    }
}
