package com.gitlab.marketplace.order.rest.admin;

import com.gitlab.marketplace.order.deadletter.DeadLetter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answers of the dead-letter calls. */
final class DeadLetterViews {

    private DeadLetterViews() {
    }

    @Schema(name = "DeadLetterPage")
    record Page(
            @Schema(required = true, description = "How many records each dead-letter topic holds now, by topic")
            Map<String, Long> counts,
            @Schema(required = true, type = SchemaType.ARRAY, implementation = DeadLetter.class)
            List<DeadLetter> deadLetters,
            @Schema(required = true, nullable = true, description = "Pass as pageToken for the next page; null "
                    + "on the last") String nextPageToken) {
    }

    @Schema(name = "DeadLetterReplayResult")
    record Replayed(
            @Schema(required = true, type = SchemaType.ARRAY, implementation = DeadLetter.class,
                    description = "What was published again, each with all its replays") List<DeadLetter> replayed,
            @Schema(required = true, description = "With all: more remain, call again") boolean more) {
    }
}
