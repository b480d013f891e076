package com.gitlab.marketplace.salesforce.messaging;

import com.gitlab.marketplace.event.consumer.EventHandling;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.order.OrderRetryRequested;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import com.gitlab.marketplace.salesforce.service.RecordsService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads order events (OrderPlaced, OrderRetryRequested: make the records) and zuora events
 * (ZuoraSubscriptionCreated: stamp the number) at least once; every effect is an upsert or checked first,
 * so redeliveries change nothing.
 */
@ApplicationScoped
public class PlatformEventConsumer {

    public static final String CHANNEL = "platform-events";

    private final RecordsService records;
    private final EventHandling handling;

    public PlatformEventConsumer(RecordsService records, EventHandling handling) {
        this.records = records;
        this.handling = handling;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return handling.handle(record, this::apply);
    }

    private Uni<Void> apply(ReceivedEvent event) {
        Object payload = event.payload();
        if (payload instanceof OrderPlaced placed) {
            return records.sync(placed, 0);
        }
        if (payload instanceof OrderRetryRequested retry) {
            return records.sync(retry.order(), retry.attempt());
        }
        if (payload instanceof ZuoraSubscriptionCreated created) {
            return records.subscriptionCreated(created.orderId(), created.subscriptionNumber());
        }
        return Uni.createFrom().voidItem();
    }
}
