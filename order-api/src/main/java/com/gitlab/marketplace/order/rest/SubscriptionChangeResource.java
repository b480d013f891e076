package com.gitlab.marketplace.order.rest;

import com.gitlab.marketplace.oauth.scopes.Scopes;
import com.gitlab.marketplace.openapi.documents.ApiDocuments;
import com.gitlab.marketplace.order.change.ChangeRequest;
import com.gitlab.marketplace.order.change.ChangeService;
import com.gitlab.marketplace.order.ratelimit.Quota;
import com.gitlab.marketplace.order.ratelimit.Usage;
import com.gitlab.marketplace.order.security.ActiveCallers;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Changes to a live subscription (API.md §2.6): add seats or an add-on, renew, cancel; and reading them. */
@Path("/api/v1/marketplace/subscriptions/{externalSubscriptionId}/changes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "marketplace")
@SecurityRequirement(name = "partnerToken")
public class SubscriptionChangeResource {

    private static final String ERROR_BODY = ApiDocuments.ERROR_BODY;
    private static final String LOCATION = "Location";
    private static final String LIMIT = Quota.LIMIT_HEADER;
    private static final String REMAINING = Quota.REMAINING_HEADER;
    private static final String RESET = Quota.RESET_HEADER;

    private final ChangeService changes;
    private final ActiveCallers callers;
    private final SecurityIdentity identity;

    public SubscriptionChangeResource(ChangeService changes, ActiveCallers callers, SecurityIdentity identity) {
        this.changes = changes;
        this.callers = callers;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.ORDER_CREATE)
    @Operation(operationId = "post_api_v1_marketplace_subscriptions__external_subscription_id__changes",
            summary = "Change a live subscription: add seats, renew, cancel",
            description = "Accepted at once (202, status Pending); GitLab makes the change in billing, records it and "
                    + "sends the customer a new license (a confirmation for a cancel). Poll the Location until "
                    + "Completed or Failed. One change at a time per subscription; the same externalChangeId with the "
                    + "same body returns the change (200).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ChangeRequest.class),
            examples = {@ExampleObject(name = "addSeats", value = Examples.Changes.ADD_SEATS),
                    @ExampleObject(name = "renew", value = Examples.Changes.RENEW),
                    @ExampleObject(name = "cancel", value = Examples.Changes.CANCEL)}))
    @APIResponse(responseCode = "202", description = "Accepted: the change is Pending; poll the Location",
            headers = {@Header(name = LOCATION, ref = LOCATION), @Header(name = LIMIT, ref = LIMIT),
                    @Header(name = REMAINING, ref = REMAINING), @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeView.class),
                    examples = @ExampleObject(name = "pending", value = Examples.Changes.PENDING)))
    @APIResponse(responseCode = "200", description = "A replay of an earlier identical request: the change as it is now",
            headers = {@Header(name = LOCATION, ref = LOCATION), @Header(name = LIMIT, ref = LIMIT),
                    @Header(name = REMAINING, ref = REMAINING), @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeView.class),
                    examples = @ExampleObject(name = "completed", value = Examples.Changes.COMPLETED)))
    @APIResponse(responseCode = "400", ref = "MalformedRequest")
    @APIResponse(responseCode = "401", ref = "InvalidToken")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", description = "subscription_not_active (not Provisioned yet), "
            + "subscription_cancelled, change_in_progress (one change at a time), already_renewed (once per term), "
            + "duplicate_external_change_id (the same id with a different body)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR_BODY),
                    examples = {@ExampleObject(name = "change_in_progress", value = Examples.Changes.IN_PROGRESS),
                            @ExampleObject(name = "subscription_not_active", value = Examples.Changes.NOT_ACTIVE)}))
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", description = "validation_failed (details per field), or "
            + "quantity_decrease_not_allowed: a line below its current quantity mid-term (details name the line)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR_BODY),
                    examples = {@ExampleObject(name = "validation_failed", value = Examples.Changes.INVALID),
                            @ExampleObject(name = "quantity_decrease_not_allowed", value = Examples.Changes.DECREASE)}))
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Uni<Response> request(@Parameter(description = "The partner's own id of the order",
            example = "AWS-PO-2026-000123") @PathParam("externalSubscriptionId") String externalSubscriptionId,
            ChangeRequest request) {
        return callers.partnerOf(identity, Usage.ORDERS)
                .chain(partnerId -> changes.request(partnerId, externalSubscriptionId, request))
                .map(placement -> Response.status(placement.created() ? 202 : 200)
                        .header(HttpHeaders.LOCATION, location(externalSubscriptionId,
                                placement.change().externalChangeId()))
                        .type(MediaType.APPLICATION_JSON)
                        .entity(ChangeView.from(placement.change()))
                        .build());
    }

    @GET
    @RolesAllowed({Scopes.ORDER_READ, Scopes.ORDER_CREATE})
    @Operation(operationId = "get_api_v1_marketplace_subscriptions__external_subscription_id__changes",
            summary = "List a subscription's changes", description = "Every change of the subscription, oldest first.")
    @APIResponse(responseCode = "200", description = "The subscription's changes",
            headers = {@Header(name = LIMIT, ref = LIMIT), @Header(name = REMAINING, ref = REMAINING),
                    @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ChangeView.Changes.class),
                    examples = @ExampleObject(name = "changes", value = Examples.Changes.LIST)))
    @APIResponse(responseCode = "401", ref = "InvalidToken")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Uni<ChangeView.Changes> list(@Parameter(description = "The partner's own id of the order",
            example = "AWS-PO-2026-000123") @PathParam("externalSubscriptionId") String externalSubscriptionId) {
        return callers.partnerOf(identity, Usage.READS)
                .chain(partnerId -> changes.list(partnerId, externalSubscriptionId))
                .map(list -> new ChangeView.Changes(list.stream().map(ChangeView::from).toList()));
    }

    @GET
    @Path("{externalChangeId}")
    @RolesAllowed({Scopes.ORDER_READ, Scopes.ORDER_CREATE})
    @Operation(operationId = "get_api_v1_marketplace_subscriptions__external_subscription_id__changes__external_change_id_",
            summary = "Read a change", description = "status is Pending, Completed or Failed (nothing changed in "
                    + "billing; see errors).")
    @APIResponse(responseCode = "200", description = "The change as it is now",
            headers = {@Header(name = LIMIT, ref = LIMIT), @Header(name = REMAINING, ref = REMAINING),
                    @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChangeView.class),
                    examples = {@ExampleObject(name = "completed", value = Examples.Changes.COMPLETED),
                            @ExampleObject(name = "pending", value = Examples.Changes.PENDING),
                            @ExampleObject(name = "failed", value = Examples.Changes.FAILED)}))
    @APIResponse(responseCode = "401", ref = "InvalidToken")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Uni<ChangeView> get(@Parameter(description = "The partner's own id of the order",
            example = "AWS-PO-2026-000123") @PathParam("externalSubscriptionId") String externalSubscriptionId,
            @Parameter(description = "The partner's own id of the change", example = "AWS-PO-2026-000123-A1")
            @PathParam("externalChangeId") String externalChangeId) {
        return callers.partnerOf(identity, Usage.READS)
                .chain(partnerId -> changes.find(partnerId, externalSubscriptionId, externalChangeId))
                .map(ChangeView::from);
    }

    /** Relative, like the order's Location: the host partners call is not this process's own. */
    static String location(String externalSubscriptionId, String externalChangeId) {
        return UriBuilder.fromPath("/api/v1/marketplace/subscriptions/{id}/changes/{change}")
                .build(externalSubscriptionId, externalChangeId).toASCIIString();
    }
}
