package com.gitlab.marketplace.zuora.messaging;

import com.gitlab.marketplace.event.consumer.EventHandling;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.order.OrderRetryRequested;
import com.gitlab.marketplace.zuora.service.SubscriptionService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code marketplace.order.events} at least once: OrderPlaced creates the subscription (attempt 0),
 * OrderRetryRequested tries again as attempt n for an order that has none yet. A record is acknowledged
 * after its result committed; redeliveries are harmless ({@link SubscriptionService}).
 */
@ApplicationScoped
public class OrderEventsConsumer {

    public static final String CHANNEL = "order-events";

    private final SubscriptionService subscriptions;
    private final EventHandling handling;

    public OrderEventsConsumer(SubscriptionService subscriptions, EventHandling handling) {
        this.subscriptions = subscriptions;
        this.handling = handling;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return handling.handle(record, this::apply);
    }

    private Uni<Void> apply(ReceivedEvent event) {
        if (event.payload() instanceof OrderPlaced placed) {
            return subscriptions.subscribe(placed, 0);
        }
        if (event.payload() instanceof OrderRetryRequested retry) {
            return subscriptions.subscribe(retry.order(), retry.attempt());
        }
        return Uni.createFrom().voidItem();
    }
}
