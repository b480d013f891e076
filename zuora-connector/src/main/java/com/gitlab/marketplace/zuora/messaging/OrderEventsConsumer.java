package com.gitlab.marketplace.zuora.messaging;

import com.gitlab.marketplace.durable.steps.DurableSteps;
import com.gitlab.marketplace.event.consumer.EventHandling;
import com.gitlab.marketplace.zuora.service.OrderIntake;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code marketplace.order.events} in batches: each batch's new events (by {@code ce_id}) become the
 * connector's durable work in one transaction, then the batch is acknowledged and the workers woken. It
 * never waits for Zuora: a slow or failing Zuora cannot hold a record or close this consumer.
 */
@ApplicationScoped
public class OrderEventsConsumer {

    public static final String CHANNEL = "order-events";

    private final OrderIntake intake;
    private final EventHandling handling;
    private final DurableSteps steps;
    private final Pool pool;

    public OrderEventsConsumer(OrderIntake intake, EventHandling handling, DurableSteps steps, Pool pool) {
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
