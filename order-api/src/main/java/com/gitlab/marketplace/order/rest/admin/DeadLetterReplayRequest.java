package com.gitlab.marketplace.order.rest.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /admin/dead-letters/replay}: which dead letters (some, or all) and why. */
@Schema(name = "DeadLetterReplayRequest")
public record DeadLetterReplayRequest(
        @Schema(description = "The dead letters to replay, as listed (topic:partition:offset, one to 100); or use "
                + "all") List<String> ids,
        @Schema(description = "Replay every dead letter never replayed before (of topic, if given), up to 1,000 "
                + "per call") Boolean all,
        @Schema(description = "With all: only this topic (the platform topic or its .dlq)",
                example = "marketplace.zuora.events") String topic,
        @Schema(required = true, example = "Fixed by release 1.4.2 (INC-4712)")
        @NotBlank @Size(max = 500) String reason) {
}
