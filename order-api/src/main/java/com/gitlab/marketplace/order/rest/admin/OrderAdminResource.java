package com.gitlab.marketplace.order.rest.admin;

import com.gitlab.marketplace.openapi.documents.ApiDocuments;
import com.gitlab.marketplace.order.rest.SubscriptionView;
import com.gitlab.marketplace.order.security.CallerPartner;
import com.gitlab.marketplace.order.security.Scopes;
import com.gitlab.marketplace.order.service.OrderService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators retry an order's failed steps (scope {@code marketplace.admin}). */
@Path("/admin/orders")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.ADMIN)
// The operator document (/q/openapi-operator), not the partners'.
@Tag(name = ApiDocuments.OPERATOR_TAG)
@Extension(name = ApiDocuments.OPERATOR_PROFILE, value = "")
public class OrderAdminResource {

    private final OrderService orders;
    private final SecurityIdentity identity;

    public OrderAdminResource(OrderService orders, SecurityIdentity identity) {
        this.orders = orders;
        this.identity = identity;
    }

    @POST
    @Path("{orderId}/retry")
    @Operation(operationId = "post_admin_orders__order_id__retry", summary = "Retry an order's failed steps",
            description = "For an order that is Failed (Zuora refused it) or lists failed steps after billing "
                    + "(Salesforce, the email, an incident): the next attempt starts and OrderRetryRequested is "
                    + "published; each service runs again only what it has not finished, looking up before "
                    + "repeating anything (one Zuora subscription, one set of Salesforce records, one license email "
                    + "per order). 409 nothing_to_retry when none of its steps failed.")
    public Uni<SubscriptionView> retry(@PathParam("orderId") UUID orderId) {
        return orders.retry(orderId, CallerPartner.subject(identity)).map(SubscriptionView::from);
    }
}
