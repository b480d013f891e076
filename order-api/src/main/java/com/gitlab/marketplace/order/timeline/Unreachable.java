package com.gitlab.marketplace.order.timeline;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A service whose steps could not be read: the timeline lacks its tries and waits. */
@Schema(name = "UnreachableService")
public record Unreachable(
        @Schema(required = true, example = "http://marketplace-zuora-connector:8080") String url,
        @Schema(required = true, example = "no answer within 3 s") String reason) {
}
