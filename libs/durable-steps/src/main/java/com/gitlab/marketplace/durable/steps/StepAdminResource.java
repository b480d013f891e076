package com.gitlab.marketplace.durable.steps;

import com.gitlab.marketplace.oauth.scopes.Scopes;
import com.gitlab.marketplace.openapi.documents.ApiDocuments;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An order's steps in this service, with every try (scope {@code marketplace.admin}): what order-api's operator
 * view of an order gathers from each service that calls Zuora, Salesforce or SMTP.
 */
@Path("/admin/orders/{orderId}/steps")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.ADMIN)
// The operator document (/q/openapi-operator) where the service has one.
@Tag(name = ApiDocuments.OPERATOR_TAG)
@Extension(name = ApiDocuments.OPERATOR_PROFILE, value = "")
public class StepAdminResource {

    /** The service's steps of one order. */
    public record OrderSteps(String service, UUID orderId, List<StepReport> steps) {
    }

    private final DurableSteps steps;
    private final String service;

    public StepAdminResource(DurableSteps steps, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.steps = steps;
        this.service = service;
    }

    @GET
    @Operation(operationId = "get_admin_orders__order_id__steps", summary = "An order's steps in this service",
            description = "Each step of the order here (kind, state, attempt, tries, the next try's time, deadline, "
                    + "last error) with every try (start, duration, outcome). Empty for an order this service has no "
                    + "step for.")
    public Uni<OrderSteps> steps(@PathParam("orderId") UUID orderId) {
        return steps.report(orderId).map(found -> new OrderSteps(service, orderId, found));
    }
}
