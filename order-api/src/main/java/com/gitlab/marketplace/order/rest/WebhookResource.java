package com.gitlab.marketplace.order.rest;

import com.gitlab.marketplace.http.errors.ApiError.FieldError;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.http.errors.ValidationFailedException;
import com.gitlab.marketplace.oauth.scopes.Scopes;
import com.gitlab.marketplace.openapi.documents.ApiDocuments;
import com.gitlab.marketplace.order.ratelimit.Quota;
import com.gitlab.marketplace.order.ratelimit.Usage;
import com.gitlab.marketplace.order.security.ActiveCallers;
import com.gitlab.marketplace.order.service.PageTokens;
import com.gitlab.marketplace.order.status.OrderQuery;
import com.gitlab.marketplace.order.webhook.WebhookDelivery;
import com.gitlab.marketplace.order.webhook.WebhookService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.callbacks.Callback;
import org.eclipse.microprofile.openapi.annotations.callbacks.CallbackOperation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The partner's webhook endpoint and its delivery log (API.md §2.7). */
@Path("/api/v1/marketplace/webhook")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "marketplace")
@SecurityRequirement(name = "partnerToken")
@RolesAllowed(Scopes.ORDER_CREATE)
public class WebhookResource {

    private static final String ERROR_BODY = ApiDocuments.ERROR_BODY;
    private static final String LIMIT = Quota.LIMIT_HEADER;
    private static final String REMAINING = Quota.REMAINING_HEADER;
    private static final String RESET = Quota.RESET_HEADER;
    private static final String DELIVERY_FILTERS = "webhook-deliveries";
    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 200;

    private final WebhookService webhooks;
    private final PageTokens pageTokens;
    private final ActiveCallers callers;
    private final SecurityIdentity identity;

    public WebhookResource(WebhookService webhooks, PageTokens pageTokens, ActiveCallers callers,
            SecurityIdentity identity) {
        this.webhooks = webhooks;
        this.pageTokens = pageTokens;
        this.callers = callers;
        this.identity = identity;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Callback(name = "subscriptionUpdated", callbackUrlExpression = "{$request.body#/url}",
            operations = @CallbackOperation(method = "post", summary = "subscription.updated",
                    description = "What GET …/subscriptions/{externalSubscriptionId} shows changed. Verify the "
                            + "signature (Standard Webhooks), answer 2xx within 10 s, deduplicate by webhook-id.",
                    parameters = {@Parameter(ref = "WebhookId"), @Parameter(ref = "WebhookTimestamp"),
                            @Parameter(ref = "WebhookSignature")},
                    requestBody = @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = WebhookEventBodies.SubscriptionUpdated.class),
                            examples = @ExampleObject(name = "provisioned", value = Examples.Webhooks.SUBSCRIPTION_UPDATED))),
                    // Not our token: the partner authenticates us by the signature.
                    securitySets = @SecurityRequirementsSet(),
                    responses = {@APIResponse(responseCode = "200", description = "Received (any 2xx)"),
                            @APIResponse(responseCode = "410", description = "Gone: the endpoint is disabled and "
                                    + "nothing more is sent until you set it again; any other answer is retried")}))
    @Callback(name = "changeUpdated", callbackUrlExpression = "{$request.body#/url}",
            operations = @CallbackOperation(method = "post", summary = "change.updated",
                    description = "A change was requested, or Zuora made it (Completed) or refused it (Failed).",
                    parameters = {@Parameter(ref = "WebhookId"), @Parameter(ref = "WebhookTimestamp"),
                            @Parameter(ref = "WebhookSignature")},
                    requestBody = @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = WebhookEventBodies.ChangeUpdated.class),
                            examples = @ExampleObject(name = "completed", value = Examples.Webhooks.CHANGE_UPDATED))),
                    // Not our token: the partner authenticates us by the signature.
                    securitySets = @SecurityRequirementsSet(),
                    responses = {@APIResponse(responseCode = "200", description = "Received (any 2xx)"),
                            @APIResponse(responseCode = "410", description = "Gone: the endpoint is disabled and "
                                    + "nothing more is sent until you set it again; any other answer is retried")}))
    @Callback(name = "ping", callbackUrlExpression = "{$request.body#/url}",
            operations = @CallbackOperation(method = "post", summary = "ping",
                    description = "Sent by POST …/webhook/test.",
                    parameters = {@Parameter(ref = "WebhookId"), @Parameter(ref = "WebhookTimestamp"),
                            @Parameter(ref = "WebhookSignature")},
                    requestBody = @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = WebhookEventBodies.Ping.class),
                            examples = @ExampleObject(name = "ping", value = Examples.Webhooks.PING_EVENT))),
                    // Not our token: the partner authenticates us by the signature.
                    securitySets = @SecurityRequirementsSet(),
                    responses = {@APIResponse(responseCode = "200", description = "Received (any 2xx)"),
                            @APIResponse(responseCode = "410", description = "Gone: the endpoint is disabled and "
                                    + "nothing more is sent until you set it again; any other answer is retried")}))
    @Operation(operationId = "put_api_v1_marketplace_webhook", summary = "Set your webhook endpoint",
            description = "One endpoint per partner: this replaces the URL and events of an existing one (and enables "
                    + "it again) and keeps its secret. The secret is in the answer only when the endpoint is created. "
                    + "Each event is a POST signed as Standard Webhooks (webhook-id, webhook-timestamp, "
                    + "webhook-signature): answer 2xx within 10 s.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = WebhookRequest.class),
            examples = @ExampleObject(name = "endpoint", value = Examples.Webhooks.REQUEST)))
    @APIResponse(responseCode = "200", description = "The endpoint as set (with its secret when new)",
            headers = {@Header(name = LIMIT, ref = LIMIT), @Header(name = REMAINING, ref = REMAINING),
                    @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookView.class),
                    examples = @ExampleObject(name = "created", value = Examples.Webhooks.CREATED)))
    @APIResponse(responseCode = "400", ref = "MalformedRequest")
    @APIResponse(responseCode = "401", ref = "InvalidToken")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", description = "validation_failed (details per field), or invalid_webhook_url: "
            + "not https, credentials in it, or a host that does not resolve to public addresses only",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR_BODY),
                    examples = @ExampleObject(name = "invalid_webhook_url", value = Examples.Webhooks.INVALID_URL)))
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Uni<WebhookView> set(WebhookRequest request) {
        List<String> events = WebhookRequest.required(request).checkedEvents();
        return callers.partnerOf(identity, Usage.ORDERS)
                .chain(partnerId -> webhooks.set(partnerId, request.url(), events))
                .map(saved -> WebhookView.from(saved.endpoint(), saved.created()));
    }

    @GET
    @Operation(operationId = "get_api_v1_marketplace_webhook", summary = "Read your webhook endpoint",
            description = "The endpoint without its secret.")
    @APIResponse(responseCode = "200", description = "The endpoint",
            headers = {@Header(name = LIMIT, ref = LIMIT), @Header(name = REMAINING, ref = REMAINING),
                    @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookView.class),
                    examples = @ExampleObject(name = "endpoint", value = Examples.Webhooks.ENDPOINT)))
    @APIResponse(responseCode = "401", ref = "InvalidToken")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Uni<WebhookView> get() {
        return callers.partnerOf(identity, Usage.READS).chain(webhooks::get)
                .map(endpoint -> WebhookView.from(endpoint, false));
    }

    @DELETE
    @Operation(operationId = "delete_api_v1_marketplace_webhook", summary = "Delete your webhook endpoint",
            description = "Events are no longer sent; those not delivered yet are given up.")
    @APIResponse(responseCode = "204", description = "Deleted",
            headers = {@Header(name = LIMIT, ref = LIMIT), @Header(name = REMAINING, ref = REMAINING),
                    @Header(name = RESET, ref = RESET)})
    @APIResponse(responseCode = "401", ref = "InvalidToken")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Uni<Response> delete() {
        return callers.partnerOf(identity, Usage.ORDERS).chain(webhooks::delete)
                .map(deleted -> Response.noContent().build());
    }

    @POST
    @Path("rotate-secret")
    @Operation(operationId = "post_api_v1_marketplace_webhook_rotate_secret", summary = "Rotate the signing secret",
            description = "A new secret, shown once. For 24 hours every event carries both signatures (new and "
                    + "previous, space-separated in webhook-signature), so you can switch without losing one.")
    @APIResponse(responseCode = "200", description = "The endpoint with its new secret",
            headers = {@Header(name = LIMIT, ref = LIMIT), @Header(name = REMAINING, ref = REMAINING),
                    @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookView.class),
                    examples = @ExampleObject(name = "rotated", value = Examples.Webhooks.CREATED)))
    @APIResponse(responseCode = "401", ref = "InvalidToken")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Uni<WebhookView> rotate() {
        return callers.partnerOf(identity, Usage.ORDERS).chain(webhooks::rotate)
                .map(endpoint -> WebhookView.from(endpoint, true));
    }

    @POST
    @Path("test")
    @Operation(operationId = "post_api_v1_marketplace_webhook_test", summary = "Send a ping event",
            description = "A ping, signed and retried like every event; follow it in the delivery log.")
    @APIResponse(responseCode = "202", description = "Queued: the ping's delivery",
            headers = {@Header(name = LIMIT, ref = LIMIT), @Header(name = REMAINING, ref = REMAINING),
                    @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookDeliveryView.class),
                    examples = @ExampleObject(name = "ping", value = Examples.Webhooks.PING)))
    @APIResponse(responseCode = "401", ref = "InvalidToken")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", description = "webhook_disabled: set the endpoint again first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR_BODY),
                    examples = @ExampleObject(name = "webhook_disabled", value = Examples.Webhooks.DISABLED)))
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Uni<Response> test() {
        return callers.partnerOf(identity, Usage.ORDERS).chain(webhooks::test).map(WebhookResource::accepted);
    }

    @GET
    @Path("deliveries")
    @Operation(operationId = "get_api_v1_marketplace_webhook_deliveries", summary = "List your webhook deliveries",
            description = "Every event for your endpoint, newest first, with where its delivery stands.")
    @APIResponse(responseCode = "200", description = "A page of deliveries; nextPageToken is null on the last page",
            headers = {@Header(name = LIMIT, ref = LIMIT), @Header(name = REMAINING, ref = REMAINING),
                    @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookDeliveryView.Page.class),
                    examples = @ExampleObject(name = "deliveries", value = Examples.Webhooks.DELIVERIES)))
    @APIResponse(responseCode = "400", description = "invalid_page_token: start the list again without it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR_BODY),
                    examples = @ExampleObject(name = "invalid_page_token",
                            value = Examples.Subscriptions.INVALID_PAGE_TOKEN)))
    @APIResponse(responseCode = "401", ref = "InvalidToken")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "422", description = "validation_failed: pageSize out of range",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR_BODY)))
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Uni<WebhookDeliveryView.Page> deliveries(
            @Parameter(description = "Deliveries per page, 1 to 200 (default 50)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
            @QueryParam("pageSize") String pageSize,
            @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken") String pageToken) {
        List<FieldError> errors = new ArrayList<>();
        int size = ListParameters.pageSize(pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors);
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        return callers.partnerOf(identity, Usage.READS).chain(partnerId -> pageTokens
                .open(partnerId, DELIVERY_FILTERS, pageToken)
                .chain(after -> webhooks.deliveries(partnerId, after, size + 1))
                .chain(rows -> {
                    List<WebhookDeliveryView> shown = rows.stream().limit(size).map(WebhookDeliveryView::from).toList();
                    if (rows.size() <= size) {
                        return Uni.createFrom().item(new WebhookDeliveryView.Page(shown, null));
                    }
                    WebhookDelivery last = rows.get(size - 1);
                    return pageTokens.after(partnerId, DELIVERY_FILTERS, new OrderQuery.Position(last.createdAt(),
                            last.deliveryId())).map(token -> new WebhookDeliveryView.Page(shown, token));
                }));
    }

    @POST
    @Path("deliveries/{id}/redeliver")
    @Operation(operationId = "post_api_v1_marketplace_webhook_deliveries__id__redeliver",
            summary = "Send a delivery again",
            description = "Queues the event again with the same webhook-id (deduplicate by it), its retries from the "
                    + "start; after earlier undelivered events of its subscription.")
    @APIResponse(responseCode = "202", description = "Queued",
            headers = {@Header(name = LIMIT, ref = LIMIT), @Header(name = REMAINING, ref = REMAINING),
                    @Header(name = RESET, ref = RESET)},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WebhookDeliveryView.class),
                    examples = @ExampleObject(name = "queued", value = Examples.Webhooks.PING)))
    @APIResponse(responseCode = "401", ref = "InvalidToken")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", description = "webhook_disabled: set the endpoint again first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR_BODY),
                    examples = @ExampleObject(name = "webhook_disabled", value = Examples.Webhooks.DISABLED)))
    @APIResponse(responseCode = "429", ref = "RateLimited")
    public Uni<Response> redeliver(@Parameter(description = "The delivery's id (its webhook-id)",
            example = "0b5cf1f2-6a57-4d0e-9a53-1f9f3f0c2a11") @PathParam("id") String id) {
        UUID deliveryId;
        try {
            deliveryId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "not_found", "no webhook delivery with id '" + ListParameters.printable(id)
                    + "'");
        }
        return callers.partnerOf(identity, Usage.ORDERS)
                .chain(partnerId -> webhooks.redeliver(partnerId, deliveryId))
                .map(WebhookResource::accepted);
    }

    private static Response accepted(WebhookDelivery delivery) {
        return Response.accepted(WebhookDeliveryView.from(delivery)).type(MediaType.APPLICATION_JSON).build();
    }
}
