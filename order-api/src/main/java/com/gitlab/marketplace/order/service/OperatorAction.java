package com.gitlab.marketplace.order.service;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One time an operator moved an order by hand: a retry (a new attempt) or a re-drive (the same attempt, now). */
@Schema(name = "OperatorAction")
public record OperatorAction(
        @Schema(required = true) UUID orderId,
        @Schema(required = true, enumeration = {RETRY, REDRIVE}) String action,
        @Schema(required = true, description = "The operator's token subject") String requestedBy,
        @Schema(required = true, nullable = true, description = "Why, as the operator wrote it (required for a "
                + "re-drive)") String reason,
        @Schema(required = true, format = "date-time") Instant requestedAt) {

    public static final String RETRY = "retry";
    public static final String REDRIVE = "redrive";
}
