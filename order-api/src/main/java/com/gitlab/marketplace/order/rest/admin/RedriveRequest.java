package com.gitlab.marketplace.order.rest.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /admin/orders/{orderId}/redrive}: why, for the audit. */
@Schema(name = "RedriveRequest")
public record RedriveRequest(
        @Schema(required = true, example = "Zuora outage INC-4711 is over")
        @NotBlank @Size(max = 500) String reason) {
}
