package com.gitlab.marketplace.order.rest;

import com.gitlab.marketplace.http.errors.ApiError;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.oauth.scopes.Scopes;
import com.gitlab.marketplace.openapi.documents.ApiDocuments;
import com.gitlab.marketplace.order.ratelimit.Quota;
import com.gitlab.marketplace.order.ratelimit.Usage;
import com.gitlab.marketplace.order.security.ActiveCallers;
import com.gitlab.marketplace.order.service.OrderService.Placement;
import com.gitlab.marketplace.order.service.OrderService;
import com.gitlab.marketplace.order.service.PageTokens;
import com.gitlab.marketplace.order.service.SubscriptionRequest;
import com.gitlab.marketplace.order.status.OrderQuery;
import com.gitlab.marketplace.order.status.OrderStatusRecord;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The partner API (API.md §2): place an order, read its status. A partner only ever sees its own orders. */
@Path("/api/v1/marketplace/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
// Tag and operation ids as the partner guide's deep links name them (API.md §2.3):
// /openapi_docs/marketplace#/marketplace/<operation id>.
@Tag(name = "marketplace", description = "Place GitLab subscription orders and follow them until provisioned")
@SecurityRequirement(name = "partnerToken")
public class SubscriptionResource {

    /** Components of the static document (META-INF/openapi.yaml) that both operations use. */
    private static final String ERROR_BODY = ApiDocuments.ERROR_BODY;
    private static final String LOCATION = "Location";
    /** The IETF RateLimit header fields every answer to a partner carries (API.md §2.8). */
    private static final String LIMIT = Quota.LIMIT_HEADER;
    private static final String REMAINING = Quota.REMAINING_HEADER;
    private static final String RESET = Quota.RESET_HEADER;

    private final OrderService orders;
    private final PageTokens pageTokens;
    private final ActiveCallers callers;
    private final SecurityIdentity identity;

    public SubscriptionResource(OrderService orders, PageTokens pageTokens, ActiveCallers callers,
            SecurityIdentity identity) {
        this.orders = orders;
        this.pageTokens = pageTokens;
        this.callers = callers;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.ORDER_CREATE)
    @Operation(operationId = "post_api_v1_marketplace_subscriptions", summary = "Place an order for a customer",
            description = "Waits up to 10 s (configurable) for the Zuora subscription: 201 with its number, else 202 "
                    + "with status Creating. 'Prefer: respond-async' answers at once. The same externalSubscriptionId "
                    + "with the same body returns the existing order (200).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SubscriptionRequest.class),
            examples = @ExampleObject(name = "order", value = Examples.Subscriptions.REQUEST)))
    @APIResponse(responseCode = "201", description = "Created: Zuora has the subscription; the body has its number "
            + "(the status stays Creating until Salesforce has the order too)",
            headers = {@Header(name = LOCATION, ref = LOCATION), @Header(name = LIMIT, ref = LIMIT),
                    @Header(name = REMAINING, ref = REMAINING), @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SubscriptionView.class),
                    examples = @ExampleObject(name = "created", value = Examples.Subscriptions.CREATED)))
    @APIResponse(responseCode = "202", description = "Accepted: Zuora has not answered within the wait; poll the "
            + "Location",
            headers = {@Header(name = LOCATION, ref = LOCATION), @Header(name = LIMIT, ref = LIMIT),
                    @Header(name = REMAINING, ref = REMAINING), @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SubscriptionView.class),
                    examples = @ExampleObject(name = "creating", value = Examples.Subscriptions.CREATING)))
    @APIResponse(responseCode = "200", description = "A replay of an earlier identical request: the order as it is now",
            headers = {@Header(name = LOCATION, ref = LOCATION), @Header(name = LIMIT, ref = LIMIT),
                    @Header(name = REMAINING, ref = REMAINING), @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SubscriptionView.class),
                    examples = @ExampleObject(name = "provisioned", value = Examples.Subscriptions.PROVISIONED)))
    @APIResponse(responseCode = "400", ref = "MalformedRequest")
    @APIResponse(responseCode = "401", ref = "InvalidToken")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "409", description = "duplicate_external_subscription_id: the same id with a different "
            + "body",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR_BODY),
                    examples = @ExampleObject(name = "duplicate", value = Examples.Subscriptions.DUPLICATE)))
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    @APIResponse(responseCode = "422", description = "validation_failed (details per field), "
            + "trading_partner_not_permitted, or subscription_failed: Zuora refused the order within the wait (or "
            + "this is a replay of a Failed order); details name the failed step and its reason, and the Location "
            + "header (only then) the order",
            headers = {@Header(name = LOCATION, ref = LOCATION), @Header(name = LIMIT, ref = LIMIT),
                    @Header(name = REMAINING, ref = REMAINING), @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR_BODY),
                    examples = {@ExampleObject(name = "validation_failed", value = Examples.Subscriptions.INVALID),
                            @ExampleObject(name = "trading_partner_not_permitted", value = Examples.Subscriptions.NOT_PERMITTED),
                            @ExampleObject(name = "subscription_failed", value = Examples.Subscriptions.SUBSCRIPTION_FAILED)}))
    public Uni<Response> place(SubscriptionRequest request,
            @Parameter(description = "respond-async: answer 202 at once, without waiting for Zuora",
                    schema = @Schema(type = SchemaType.STRING, enumeration = "respond-async")) @HeaderParam("Prefer") String prefer) {
        if (request == null) {
            throw new ApiException(400, "malformed_request", "a JSON body is required");
        }
        boolean async = prefer != null && prefer.toLowerCase(Locale.ROOT).contains("respond-async");
        return callers.partnerOf(identity, Usage.ORDERS).chain(partnerId -> orders.place(partnerId, request, async))
                .map(placement -> Response.status(statusCode(placement.outcome()))
                .header(HttpHeaders.LOCATION, location(placement.order().externalSubscriptionId()))
                .type(MediaType.APPLICATION_JSON)
                .entity(placement.outcome() == Placement.Outcome.FAILED ? subscriptionFailed(placement.order())
                        : SubscriptionView.from(placement.order()))
                .build());
    }

    private static int statusCode(Placement.Outcome outcome) {
        return switch (outcome) {
            case ACCEPTED -> 202;
            case BILLED -> 201;
            case REPLAYED -> 200;
            case FAILED -> 422;
        };
    }

    /** 422 {@code subscription_failed}: one detail per reason, {@code field} naming the failed step. */
    private static ApiError subscriptionFailed(OrderStatusRecord order) {
        List<ApiError.FieldError> reasons = order.facts().activeFailures().stream()
                .map(f -> new ApiError.FieldError(f.source(), f.code() + ": " + PartnerFailureMessages.of(f))).toList();
        return new ApiError("subscription_failed", "the subscription could not be created; the order '"
                + order.externalSubscriptionId() + "' is Failed (see details and the Location)", reasons);
    }

    @GET
    @Path("{externalSubscriptionId}")
    @RolesAllowed({Scopes.ORDER_READ, Scopes.ORDER_CREATE})
    @Operation(operationId = "get_api_v1_marketplace_subscriptions__external_subscription_id_",
            summary = "Read an order's status",
            description = "status is Creating, Created, Failed or Provisioned. Failed means Zuora refused the order and "
                    + "nothing was billed; errors also lists steps that failed after billing, while the order keeps "
                    + "its status and GitLab completes it.")
    @APIResponse(responseCode = "200", description = "The order as it is now",
            headers = {@Header(name = LIMIT, ref = LIMIT), @Header(name = REMAINING, ref = REMAINING),
                    @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SubscriptionView.class),
                    examples = {@ExampleObject(name = "provisioned", value = Examples.Subscriptions.PROVISIONED),
                            @ExampleObject(name = "creating", value = Examples.Subscriptions.CREATING),
                            @ExampleObject(name = "failed", value = Examples.Subscriptions.FAILED),
                            @ExampleObject(name = "billedWithAFailedStep", value = Examples.Subscriptions.BILLED_WITH_ERROR)}))
    @APIResponse(responseCode = "401", ref = "InvalidToken")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Uni<SubscriptionView> get(@Parameter(description = "The partner's own id of the order, as sent when "
            + "placing it", example = "AWS-PO-2026-000123") @PathParam("externalSubscriptionId")
            String externalSubscriptionId) {
        return callers.partnerOf(identity, Usage.READS).chain(partnerId -> orders.status(partnerId, externalSubscriptionId))
                .map(SubscriptionView::from);
    }

    @GET
    @RolesAllowed({Scopes.ORDER_READ, Scopes.ORDER_CREATE})
    @Operation(operationId = "get_api_v1_marketplace_subscriptions", summary = "List your orders",
            description = "Your orders with their live subscription, ordered by their last change (updatedAt), then "
                    + "id, ascending: keep the updatedAt of the last one you saw and ask again with updatedSince a "
                    + "minute before it to reconcile incrementally (a change is stamped just before it commits, so "
                    + "one committing as you read may carry a slightly earlier time; orders listed twice are "
                    + "harmless). An order that changes while you page moves to the end. 422 validation_failed "
                    + "names each bad parameter; 400 "
                    + "invalid_page_token for a token altered, another partner's, or made for other filters.")
    @APIResponse(responseCode = "200", description = "A page of orders; nextPageToken is null on the last page",
            headers = {@Header(name = LIMIT, ref = LIMIT), @Header(name = REMAINING, ref = REMAINING),
                    @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SubscriptionView.Page.class),
                    examples = @ExampleObject(name = "page", value = Examples.Subscriptions.PAGE)))
    @APIResponse(responseCode = "400", description = "invalid_page_token: start the list again without it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR_BODY),
                    examples = @ExampleObject(name = "invalid_page_token", value = Examples.Subscriptions.INVALID_PAGE_TOKEN)))
    @APIResponse(responseCode = "401", ref = "InvalidToken")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "422", description = "validation_failed: details name each bad parameter",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR_BODY),
                    examples = @ExampleObject(name = "validation_failed", value = Examples.Subscriptions.INVALID_LIST)))
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Uni<SubscriptionView.Page> list(
            @Parameter(description = "Only orders in these statuses (repeatable); all when absent",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = StatusFilter.class))
            @QueryParam("status") List<String> status,
            @Parameter(description = "Only orders changed at or after this RFC 3339 date-time (send '+' as %2B)",
                    example = "2026-11-21T10:00:00Z") @QueryParam("updatedSince") String updatedSince,
            @Parameter(description = "Orders per page, 1 to 200 (default 50)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
            @QueryParam("pageSize") String pageSize,
            @Parameter(description = "nextPageToken of the previous page, with the same filters")
            @QueryParam("pageToken") String pageToken) {
        SubscriptionListRequest request = SubscriptionListRequest.parse(status, updatedSince, pageSize);
        return callers.partnerOf(identity, Usage.READS).chain(partnerId -> pageTokens
                .open(partnerId, request.filters(), pageToken)
                .chain(after -> orders.listOfPartner(request.query(partnerId, after)))
                .chain(rows -> page(partnerId, request, rows)));
    }

    /** The page, and a token for the next one when the query found more than a page. */
    private Uni<SubscriptionView.Page> page(String partnerId, SubscriptionListRequest request,
            List<OrderStatusRecord> rows) {
        List<SubscriptionView> shown = rows.stream().limit(request.pageSize()).map(SubscriptionView::from).toList();
        if (rows.size() <= request.pageSize()) {
            return Uni.createFrom().item(new SubscriptionView.Page(shown, null));
        }
        OrderStatusRecord last = rows.get(request.pageSize() - 1);
        return pageTokens.after(partnerId, request.filters(), new OrderQuery.Position(last.updatedAt(), last.orderId()))
                .map(token -> new SubscriptionView.Page(shown, token));
    }

    /** The schema of one {@code status} filter value: an enum on the list itself would constrain the array. */
    @Schema(name = "SubscriptionStatus", type = SchemaType.STRING,
            enumeration = {"Creating", "Created", "Failed", "Provisioned"})
    interface StatusFilter {
    }

    /**
     * Relative (RFC 9110 §10.2.2): {@code Response.location} would make it absolute with this process's own
     * address, which behind the gateway or an Ingress is not the host partners call.
     */
    static String location(String externalSubscriptionId) {
        return UriBuilder.fromPath("/api/v1/marketplace/subscriptions/{id}").build(externalSubscriptionId)
                .toASCIIString();
    }
}
