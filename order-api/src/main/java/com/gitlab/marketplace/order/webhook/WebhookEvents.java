package com.gitlab.marketplace.order.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.gitlab.marketplace.durable.steps.DurableSteps;
import com.gitlab.marketplace.order.change.SubscriptionChange;
import com.gitlab.marketplace.order.rest.ChangeView;
import com.gitlab.marketplace.order.rest.SubscriptionView;
import com.gitlab.marketplace.order.rest.WebhookEventBodies;
import com.gitlab.marketplace.order.status.OrderStatusRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns what changed for a partner into webhook deliveries (API.md §2.7), in the transaction of the change itself:
 * the delivery row is this service's outbox for its partners, so an event is delivered exactly when its change
 * commits. Each event makes the subscription's delivery step due ({@link DeliverWebhooksStep}); the body is the
 * partner API's own representation at that moment ({@code data} = the body of GET …/subscriptions/{id}, or the
 * change with its {@code externalSubscriptionId}).
 */
@ApplicationScoped
public class WebhookEvents {

    private final WebhookRepository webhooks;
    private final DurableSteps steps;
    private final ObjectMapper json;
    private final DeliverWebhooksStep deliveries;

    public WebhookEvents(WebhookRepository webhooks, DurableSteps steps, ObjectMapper json,
            DeliverWebhooksStep deliveries) {
        this.webhooks = webhooks;
        this.steps = steps;
        this.json = json;
        this.deliveries = deliveries;
    }

    /**
     * {@code subscription.updated} when what the partner sees of the order changed (not only its updatedAt).
     *
     * @return whether a delivery was recorded (the partner has an enabled endpoint taking the event), so the caller
     *         wakes the deliveries only then
     */
    public Uni<Boolean> subscriptionUpdated(SqlClient tx, OrderStatusRecord before, OrderStatusRecord after,
            Instant now) {
        SubscriptionView view = SubscriptionView.from(after);
        if (before != null && Objects.equals(SubscriptionView.from(before).withUpdatedAt(null),
                view.withUpdatedAt(null))) {
            return Uni.createFrom().item(false);
        }
        return record(tx, after.partnerId(), after.orderId(), WebhookEndpoint.SUBSCRIPTION_UPDATED,
                after.externalSubscriptionId(), new WebhookEventBodies.SubscriptionUpdated(now, view), now);
    }

    /** {@code change.updated}: a change was requested or settled; whether a delivery was recorded. */
    public Uni<Boolean> changeUpdated(SqlClient tx, OrderStatusRecord order, SubscriptionChange change, Instant now) {
        return record(tx, order.partnerId(), order.orderId(), WebhookEndpoint.CHANGE_UPDATED,
                order.externalSubscriptionId(), new WebhookEventBodies.ChangeUpdated(now,
                        order.externalSubscriptionId(), ChangeView.from(change)), now);
    }

    /** A {@code ping} to the partner's endpoint; answers its delivery id, or empty when no endpoint is enabled. */
    public Uni<UUID> ping(SqlClient tx, String partnerId, Instant now) {
        UUID id = UUID.randomUUID();
        return insert(tx, id, partnerId, id, WebhookEndpoint.PING, null, new WebhookEventBodies.Ping(now), now)
                .map(recorded -> recorded ? id : null);
    }

    /** Makes a stream's delivery step due now (a redelivery). */
    public Uni<Void> due(SqlClient tx, UUID stream, Instant now) {
        return steps.runAgain(tx, deliveries.stepFor(stream, now));
    }

    /** Runs the recorded deliveries now instead of at the next poll; call it after the transaction committed. */
    public void wake() {
        steps.wake();
    }

    private Uni<Boolean> record(SqlClient tx, String partnerId, UUID orderId, String type,
            String externalSubscriptionId, Object body, Instant now) {
        return insert(tx, UUID.randomUUID(), partnerId, orderId, type, externalSubscriptionId, body, now);
    }

    private Uni<Boolean> insert(SqlClient tx, UUID deliveryId, String partnerId, UUID stream, String type,
            String externalSubscriptionId, Object body, Instant now) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a webhook body is plain JSON", e);
        }
        return webhooks.insert(tx, deliveryId, partnerId, stream, type, externalSubscriptionId, text, now)
                .call(recorded -> recorded ? due(tx, stream, now) : Uni.createFrom().voidItem());
    }
}
