package com.gitlab.marketplace.order.projection;

import com.gitlab.marketplace.event.consumer.EventHandling;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the partner, zuora, salesforce and notification topics at least once: a record is acknowledged
 * only after its effect committed. Poison records and deterministic failures go to the DLQ, transient
 * failures are retried ({@link EventHandling}).
 */
@ApplicationScoped
public class PlatformEventConsumer {

    static final String CHANNEL = "platform-events";

    private final StatusProjection projection;
    private final EventHandling handling;

    public PlatformEventConsumer(StatusProjection projection, EventHandling handling) {
        this.projection = projection;
        this.handling = handling;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        return handling.handle(record, projection::apply);
    }
}
