package com.gitlab.marketplace.order.rest.admin;

import com.gitlab.marketplace.oauth.scopes.Scopes;
import com.gitlab.marketplace.openapi.documents.ApiDocuments;
import com.gitlab.marketplace.order.rest.SubscriptionView;
import com.gitlab.marketplace.order.security.CallerPartner;
import com.gitlab.marketplace.order.security.OperatorApi;
import com.gitlab.marketplace.order.service.OrderOperations;
import com.gitlab.marketplace.order.timeline.OrderTimeline;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/**
 * Operators list any partner's orders, find stuck ones, retry failed steps and re-drive orders in progress (scope
 * {@code marketplace.admin}).
 */
@Path("/admin/orders")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.ADMIN)
@OperatorApi
// The operator document (/q/openapi-operator), not the partners'.
@Tag(name = ApiDocuments.OPERATOR_TAG)
@Extension(name = ApiDocuments.OPERATOR_PROFILE, value = "")
public class OrderAdminResource {

    private final OrderOperations orders;
    private final OrderTimeline timelines;
    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();

    public OrderAdminResource(OrderOperations orders, OrderTimeline timelines, SecurityIdentity identity) {
        this.orders = orders;
        this.timelines = timelines;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "get_admin_orders", summary = "List orders of every partner, or the stuck ones",
            description = "Orders ordered by their last change, then id, ascending: with stuckFor, the orders in "
                    + "progress (Creating, Created) unchanged for at least that long, stuck longest first. An order "
                    + "that changes while you page moves to the end: it may be listed again, never skipped. 422 "
                    + "validation_failed naming each bad parameter; 400 invalid_page_token for a token altered or "
                    + "made for other filters.")
    public Uni<OperatorOrderView.Page> list(
            @Parameter(description = "Only this partner's orders") @QueryParam("partnerId") String partnerId,
            @Parameter(description = "With partnerId: only the order with this external id of the partner's "
                    + "(what the partner calls it)") @QueryParam("externalSubscriptionId")
            String externalSubscriptionId,
            @Parameter(description = "Only orders in these statuses (repeatable): Creating, Created, Failed, "
                    + "Provisioned") @QueryParam("status") List<String> status,
            @Parameter(description = "Only orders in progress unchanged for at least this ISO-8601 duration",
                    example = "PT15M") @QueryParam("stuckFor") String stuckFor,
            @Parameter(description = "Orders per page, 1 to 200 (default 50)") @QueryParam("pageSize") String pageSize,
            @Parameter(description = "nextPageToken of the previous page, with the same filters")
            @QueryParam("pageToken") String pageToken) {
        OrderListRequest request = OrderListRequest.parse(partnerId, externalSubscriptionId, status, stuckFor,
                pageSize, pageToken, clock.instant());
        return orders.list(request.query()).map(page -> new OperatorOrderView.Page(
                page.stream().map(OperatorOrderView::from).toList(), request.nextPageToken(page)));
    }

    @GET
    @Path("{orderId}")
    @Operation(operationId = "get_admin_orders__order_id_", summary = "One order of any partner",
            description = "The order, what it still waits for, the failures of its current attempt, every operator "
                    + "retry and re-drive of it, and its timeline across the services: every event about it, every "
                    + "try at Zuora, Salesforce and SMTP with its outcome and duration, and the steps it waits for "
                    + "now with their next try and deadline (read from each service with your token; a service that "
                    + "does not answer within 3 s is listed in unreachable). 404 not_found.")
    public Uni<OperatorOrderDetail> find(@PathParam("orderId") UUID orderId,
            @Parameter(hidden = true) @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return orders.find(orderId).flatMap(order -> orders.actions(orderId).flatMap(actions -> timelines
                .of(order, actions, authorization)
                .map(view -> OperatorOrderDetail.of(OperatorOrderView.from(order), actions, view))));
    }

    @POST
    @Path("{orderId}/redrive")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "post_admin_orders__order_id__redrive", summary = "Re-drive an order in progress",
            description = "For an order still Creating or Created: every service runs the steps of the order it has "
                    + "not finished now (one waiting for its next try or for a Zuora callout, or stuck past its "
                    + "deadline), for the same attempt, so with the same idempotency keys and look-ups as before; "
                    + "refused steps stay refused (retry those). Safe to repeat. Recorded with who and why. 202 with "
                    + "the order as it stands; 409 not_in_progress for a Provisioned or Failed order; 422 "
                    + "validation_failed without a reason.")
    @APIResponse(responseCode = "202", description = "Re-drive requested",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = OperatorOrderView.class)))
    @ResponseStatus(202)
    public Uni<OperatorOrderView> redrive(@PathParam("orderId") UUID orderId, @NotNull @Valid RedriveRequest request) {
        return orders.redrive(orderId, CallerPartner.subject(identity), request.reason().strip())
                .map(OperatorOrderView::from);
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
