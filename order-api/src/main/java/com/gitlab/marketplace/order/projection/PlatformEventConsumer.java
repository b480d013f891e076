package com.gitlab.marketplace.order.projection;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.MalformedEventException;
import com.gitlab.marketplace.events.ReceivedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the partner, zuora, salesforce and notification topics at least once: a record is acknowledged
 * only after its effect committed. A record that breaks the event contract (including a missing required
 * field), or whose effect fails the same way on every try (a constraint violation, a bug), goes to its
 * topic's DLQ with the reason, so one bad event cannot stop the partition. A transient failure (the
 * database is down, a serialization conflict, a timeout) is retried with backoff, holding the partition,
 * so nothing is skipped.
 */
@ApplicationScoped
public class PlatformEventConsumer {

    static final String CHANNEL = "platform-events";
    private static final Logger LOG = Logger.getLogger(PlatformEventConsumer.class);

    private final StatusProjection projection;
    private final DeadLetters deadLetters;

    public PlatformEventConsumer(StatusProjection projection, DeadLetters deadLetters) {
        this.projection = projection;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        ReceivedEvent event;
        try {
            event = EventRecords.read(record);
        } catch (MalformedEventException e) {
            return deadLetters.send(record, e.getMessage());
        }
        return projection.apply(event)
                .onFailure(TransientFailures::isTransient).invoke(e -> LOG.warnf("applying %s %s failed, will retry: %s",
                        event.type(), event.attributes().id(), e.getMessage()))
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .onFailure().recoverWithUni(e -> deadLetters.send(record,
                        "applying " + event.type().ceType() + " failed the same way on every try: " + e));
    }
}
