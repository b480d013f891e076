package com.gitlab.marketplace.order.deadletter;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A record a service's consumer refused, as it lies in its dead-letter topic, and the replays of it so far. */
@Schema(name = "DeadLetter")
public record DeadLetter(
        @Schema(required = true, description = "topic:partition:offset, what a replay names",
                example = "marketplace.zuora.events.dlq:0:17") String id,
        @Schema(required = true, example = "marketplace.zuora.events.dlq") String topic,
        @Schema(required = true, format = "date-time", description = "When it was dead-lettered")
        Instant deadLetteredAt,
        @Schema(required = true, nullable = true, description = "The service whose consumer refused it (records "
                + "dead-lettered before this was recorded have none)", example = "order-api") String consumer,
        @Schema(required = true, nullable = true, description = "Why, as the consumer reported it") String reason,
        @Schema(required = true, example = "marketplace.zuora.events") String originalTopic,
        @Schema(required = true, nullable = true, description = "Where it was on the original topic")
        Integer originalPartition,
        @Schema(required = true, nullable = true) Long originalOffset,
        @Schema(required = true, nullable = true, description = "The record's key: the order id, or the partner "
                + "id on the partner topic") String key,
        @Schema(required = true, nullable = true, description = "The CloudEvents id (ce_id): consumers skip an "
                + "event they processed before, so a replay takes effect at most once") String eventId,
        @Schema(required = true, nullable = true, example = "com.gitlab.marketplace.zuora.subscription.created")
        String eventType,
        @Schema(required = true, type = SchemaType.ARRAY, implementation = DeadLetterReplay.class,
                description = "Every replay of it, oldest first") List<DeadLetterReplay> replays) {

    DeadLetter withReplays(List<DeadLetterReplay> all) {
        return new DeadLetter(id, topic, deadLetteredAt, consumer, reason, originalTopic, originalPartition,
                originalOffset, key, eventId, eventType, all);
    }
}
