package com.gitlab.marketplace.order.change;

import com.gitlab.marketplace.order.service.SubscriptionRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST …/subscriptions/{id}/changes} (API.md §2.6). Field rules are declared here; the rules
 * that need the action, the catalog or the subscription live in {@link ChangeService}. Unknown fields are ignored.
 */
@Schema(name = "SubscriptionChangeRequest")
public record ChangeRequest(
        @Schema(required = true, description = "Your own id of the change, unique per subscription: sending it again "
                + "with the same body returns the change, never a second one", example = "AWS-PO-2026-000123-A1")
        @NotBlank @Size(max = 100)
        @Pattern(regexp = SubscriptionRequest.PRINTABLE, message = "must contain printable characters only")
        String externalChangeId,
        @Schema(required = true, enumeration = {"updateQuantity", "renew", "cancel"},
                description = "updateQuantity: new totals per line, a new add-on may be added, no line may go down "
                        + "mid-term; renew: a new term from the current term end, orderLines optional (then "
                        + "quantities may go down); cancel: no renewal, the subscription ends at its term end")
        @NotBlank String action,
        @Schema(description = "Required for updateQuantity, optional for renew, absent for cancel. Each line: a product "
                + "of the subscription with its new total, or a new add-on")
        @Size(min = 1, max = 20) List<SubscriptionRequest.@NotNull @Valid OrderLine> orderLines) {
}
