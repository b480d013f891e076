package com.gitlab.marketplace.order.deadletter;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One replay of a dead letter: published again to its original topic, by whom and why. */
@Schema(name = "DeadLetterReplay")
public record DeadLetterReplay(
        @Schema(required = true, description = "The operator's token subject") String replayedBy,
        @Schema(required = true) String reason,
        @Schema(required = true, format = "date-time") Instant replayedAt) {
}
