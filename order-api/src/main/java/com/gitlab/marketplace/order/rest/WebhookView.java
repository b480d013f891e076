package com.gitlab.marketplace.order.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.gitlab.marketplace.order.webhook.WebhookEndpoint;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The partner's webhook endpoint as the partner sees it (API.md §2.7): the secret only when it is new. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "WebhookEndpoint", description = "Your webhook endpoint")
public record WebhookView(
        @Schema(required = true, example = "https://hooks.partner.example/gitlab") String url,
        @Schema(required = true, description = "The events sent to it",
                type = SchemaType.ARRAY, implementation = WebhookRequest.EventName.class)
        List<String> events,
        @Schema(required = true, description = "false once the platform disabled it (it answered 410, or failed "
                + "every delivery for days; see disabledReason); set it again to enable it") boolean enabled,
        @Schema(description = "Why the platform disabled it; absent while enabled") String disabledReason,
        @Schema(description = "The signing secret (whsec_ and base64): shown only when the endpoint is created and "
                + "when the secret is rotated; keep it", example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        String secret,
        @Schema(required = true, format = "date-time", example = "2026-12-04T10:00:00Z") Instant createdAt) {

    /** The endpoint, with its secret when {@code showSecret}. */
    public static WebhookView from(WebhookEndpoint endpoint, boolean showSecret) {
        return new WebhookView(endpoint.url(), endpoint.events(), endpoint.enabled(), endpoint.disabledReason(),
                showSecret ? endpoint.secret() : null, endpoint.createdAt());
    }
}
