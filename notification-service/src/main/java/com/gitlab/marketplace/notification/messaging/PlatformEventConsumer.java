package com.gitlab.marketplace.notification.messaging;

import com.gitlab.marketplace.event.consumer.EventHandling;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.order.OrderRetryRequested;
import com.gitlab.marketplace.events.zuora.ZuoraCalloutReceived;
import com.gitlab.marketplace.notification.service.NotificationService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads order events (the customer and lines a license needs; operator retries) and zuora events (the
 * callouts) at least once; redeliveries and any order of arrival end in one license and one email.
 */
@ApplicationScoped
public class PlatformEventConsumer {

    public static final String CHANNEL = "platform-events";

    private final NotificationService notifications;
    private final EventHandling handling;

    public PlatformEventConsumer(NotificationService notifications, EventHandling handling) {
        this.notifications = notifications;
        this.handling = handling;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return handling.handle(record, this::apply);
    }

    private Uni<Void> apply(ReceivedEvent event) {
        Object payload = event.payload();
        if (payload instanceof OrderPlaced placed) {
            return notifications.orderPlaced(placed);
        }
        if (payload instanceof OrderRetryRequested retry) {
            return notifications.retryRequested(retry.order(), retry.attempt());
        }
        if (payload instanceof ZuoraCalloutReceived callout) {
            return notifications.calloutReceived(callout);
        }
        return Uni.createFrom().voidItem();
    }
}
