package com.gitlab.marketplace.notification.messaging;

import com.gitlab.marketplace.durable.steps.DurableSteps;
import com.gitlab.marketplace.event.consumer.EventHandling;
import com.gitlab.marketplace.notification.service.NotificationIntake;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code marketplace.order.events} and {@code marketplace.zuora.events} in batches: each batch's new
 * events (by {@code ce_id}) become the service's durable work in one transaction, then the batch is
 * acknowledged and the workers woken. It never waits for the mail server.
 */
@ApplicationScoped
public class OrderAndZuoraEventsConsumer {

    public static final String CHANNEL = "order-and-zuora-events";

    private final NotificationIntake intake;
    private final EventHandling handling;
    private final DurableSteps steps;
    private final Pool pool;

    public OrderAndZuoraEventsConsumer(NotificationIntake intake, EventHandling handling, DurableSteps steps,
            Pool pool) {
        this.intake = intake;
        this.handling = handling;
        this.steps = steps;
        this.pool = pool;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return handling.recordFirstDeliveries(records, pool, intake::apply, steps::wake);
    }
}
