package com.gitlab.marketplace.order.timeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A step of the order in one of the services that call Zuora, Salesforce or SMTP, as that service reports it. */
@Schema(name = "OrderStep")
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepView(
        @Schema(required = true, example = "zuora-connector") String service,
        @Schema(required = true, example = "zuora.create-subscription") String kind,
        @Schema(required = true, enumeration = {"pending", "done", "failed", "stuck"}) String state,
        @Schema(required = true, description = "The operator attempt it works for") int attempt,
        @Schema(required = true) int tries,
        @Schema(required = true, nullable = true, description = "When it runs next (pending only): a retry, or the "
                + "end of a wait such as Zuora's callout") Instant nextAttemptAt,
        @Schema(required = true, description = "After this no try starts; still failing then, it is stuck")
        Instant deadline,
        @Schema(required = true, nullable = true) String lastError) {

    /** The step as a service's {@code GET /admin/orders/{orderId}/steps} answers it, with its tries. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Reported(String kind, String state, int attempt, int tries, Instant nextAttemptAt, Instant deadline,
            String lastError, List<Try> history) {

        StepView view(String service) {
            return new StepView(service, kind, state, attempt, tries, nextAttemptAt, deadline, lastError);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Try(int tryNumber, Instant startedAt, int durationMs, String outcome, String detail) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ServiceReport(String service, List<Reported> steps) {
    }
}
