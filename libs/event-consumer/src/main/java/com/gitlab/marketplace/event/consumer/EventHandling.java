package com.gitlab.marketplace.event.consumer;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.MalformedEventException;
import com.gitlab.marketplace.events.ReceivedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * How every consumer of the platform treats a record: a record that breaks the event contract (including a
 * missing required field), or whose handling fails the same way on every try, goes to its topic's DLQ with
 * the reason, so one bad event cannot stop the partition; a transient failure (the database down, a
 * serialization conflict, a timeout) is retried with backoff, holding the partition, so nothing is skipped.
 */
@ApplicationScoped
public class EventHandling {

    private static final Logger LOG = Logger.getLogger(EventHandling.class);

    private final DeadLetters deadLetters;

    public EventHandling(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    public Uni<Void> handle(ConsumerRecord<String, byte[]> record, Function<ReceivedEvent, Uni<Void>> handler) {
        ReceivedEvent event;
        try {
            event = EventRecords.read(record);
        } catch (MalformedEventException e) {
            return deadLetters.send(record, e.getMessage());
        }
        return Uni.createFrom().deferred(() -> handler.apply(event))
                .onFailure(TransientFailures::isTransient).invoke(e -> LOG.warnf("handling %s %s failed, will retry: %s",
                        event.type(), event.attributes().id(), e.getMessage()))
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .onFailure().recoverWithUni(e -> deadLetters.send(record,
                        "handling " + event.type().ceType() + " failed the same way on every try: " + e));
    }
}
