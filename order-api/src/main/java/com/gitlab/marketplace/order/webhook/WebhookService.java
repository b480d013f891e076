package com.gitlab.marketplace.order.webhook;

import com.gitlab.marketplace.http.errors.ApiError.FieldError;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.order.config.OrderApiConfig;
import com.gitlab.marketplace.order.status.OrderQuery;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** A partner's webhook endpoint and its delivery log (API.md §2.7): what the partner API's webhook calls do. */
@ApplicationScoped
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class);

    private final WebhookRepository webhooks;
    private final WebhookAddresses addresses;
    private final WebhookEvents events;
    private final Pool pool;
    private final OrderApiConfig.Webhooks config;
    private final Clock clock = Clock.systemUTC();

    public WebhookService(WebhookRepository webhooks, WebhookAddresses addresses, WebhookEvents events, Pool pool,
            OrderApiConfig config) {
        this.webhooks = webhooks;
        this.addresses = addresses;
        this.events = events;
        this.pool = pool;
        this.config = config.webhooks();
    }

    /**
     * Sets the partner's endpoint (enabling it again if the platform had disabled it).
     *
     * @throws ApiException 422 {@code invalid_webhook_url} naming the reason
     */
    public Uni<WebhookRepository.Saved> set(String partnerId, String url, List<String> eventTypes) {
        // The name is resolved here (blocking DNS, so off the event loop) and again before every delivery.
        return Uni.createFrom().item(() -> {
                    try {
                        return addresses.resolve(url);
                    } catch (WebhookAddresses.Refused refused) {
                        throw new ApiException(422, "invalid_webhook_url", "url " + refused.getMessage(),
                                List.of(new FieldError("url", refused.getMessage())));
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(target -> webhooks.save(partnerId, url, eventTypes, WebhookSignature.newSecret(),
                        clock.instant()))
                .invoke(saved -> LOG.infof("partner %s %s its webhook endpoint (events %s)", partnerId,
                        saved.created() ? "set" : "changed", eventTypes));
    }

    /** @throws ApiException 404 when the partner has no endpoint */
    public Uni<WebhookEndpoint> get(String partnerId) {
        return webhooks.endpoint(partnerId).map(found -> found.orElseThrow(WebhookService::noEndpoint));
    }

    /** @throws ApiException 404 when the partner has no endpoint */
    public Uni<Void> delete(String partnerId) {
        return webhooks.delete(partnerId, clock.instant()).map(deleted -> {
            if (!deleted) {
                throw noEndpoint();
            }
            LOG.infof("partner %s deleted its webhook endpoint", partnerId);
            return null;
        });
    }

    /** A new secret; the previous one keeps signing beside it for {@code rotation-overlap}. */
    public Uni<WebhookEndpoint> rotate(String partnerId) {
        Instant now = clock.instant();
        return webhooks.rotate(partnerId, WebhookSignature.newSecret(), now.plus(config.rotationOverlap()), now)
                .map(found -> found.orElseThrow(WebhookService::noEndpoint))
                .invoke(endpoint -> LOG.infof("partner %s rotated its webhook secret; the previous one signs until %s",
                        partnerId, endpoint.previousSecretUntil()));
    }

    /**
     * Sends a {@code ping} through the same queue as every event.
     *
     * @throws ApiException 404 without an endpoint, 409 {@code webhook_disabled} while it is disabled
     */
    public Uni<WebhookDelivery> test(String partnerId) {
        Instant now = clock.instant();
        return get(partnerId).invoke(endpoint -> {
                    if (!endpoint.enabled()) {
                        throw disabled(endpoint);
                    }
                })
                .chain(endpoint -> pool.withTransaction(tx -> events.ping(tx, partnerId, now)))
                .invoke(events::wake)
                .chain(id -> id == null ? Uni.createFrom().failure(noEndpoint())
                        : webhooks.delivery(partnerId, id).map(found -> found.orElseThrow()));
    }

    /** A page of the partner's deliveries, newest first. */
    public Uni<List<WebhookDelivery>> deliveries(String partnerId, OrderQuery.Position after, int limit) {
        return webhooks.page(partnerId, after, limit);
    }

    /**
     * Queues a delivery again, due now (with the same webhook-id), its retry schedule from the start.
     *
     * @throws ApiException 404 for a delivery the partner does not have, 409 {@code webhook_disabled}
     */
    public Uni<WebhookDelivery> redeliver(String partnerId, UUID deliveryId) {
        Instant now = clock.instant();
        return get(partnerId).invoke(endpoint -> {
                    if (!endpoint.enabled()) {
                        throw disabled(endpoint);
                    }
                })
                .chain(endpoint -> pool.withTransaction(tx -> webhooks.requeue(tx, partnerId, deliveryId, now)
                        .call(found -> found.isEmpty() ? Uni.createFrom().voidItem()
                                : events.due(tx, found.get().stream(), now))))
                .invoke(events::wake)
                .map(found -> found.orElseThrow(() -> new ApiException(404, "not_found", "no webhook delivery with id '"
                        + deliveryId + "'")));
    }

    private static ApiException noEndpoint() {
        return new ApiException(404, "not_found", "no webhook endpoint is set; set one with PUT "
                + "/api/v1/marketplace/webhook");
    }

    private static ApiException disabled(WebhookEndpoint endpoint) {
        return new ApiException(409, "webhook_disabled", "the webhook endpoint is disabled ("
                + endpoint.disabledReason() + "); set it again with PUT /api/v1/marketplace/webhook to enable it");
    }
}
