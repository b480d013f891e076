package com.gitlab.marketplace.order.projection;

import com.gitlab.marketplace.event.consumer.EventHandling;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the partner, zuora, salesforce and notification topics at least once, in batches: a batch is
 * acknowledged only after its effect committed (one transaction for the batch). Poison records and
 * deterministic failures go to the DLQ, transient failures are retried ({@link EventHandling}).
 */
@ApplicationScoped
public class PartnerAndFulfilmentEventsConsumer {

    static final String CHANNEL = "partner-and-fulfilment-events";

    private final StatusProjection projection;
    private final EventHandling handling;

    public PartnerAndFulfilmentEventsConsumer(StatusProjection projection, EventHandling handling) {
        this.projection = projection;
        this.handling = handling;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return handling.handleBatch(records, projection::apply);
    }
}
