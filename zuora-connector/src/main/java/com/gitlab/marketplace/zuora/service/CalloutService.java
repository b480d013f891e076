package com.gitlab.marketplace.zuora.service;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.EventSource;
import com.gitlab.marketplace.events.zuora.ZuoraCalloutReceived;
import com.gitlab.marketplace.zuora.repository.ProcessedCalloutRepository;
import com.gitlab.marketplace.zuora.repository.ZuoraOrderRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Turns a Zuora callout into {@code ZuoraCalloutReceived}, published straight to Kafka and acknowledged
 * before Zuora gets its 200 (API.md §3). The event's {@code ce_id} derives from {@code Zuora-Notification-Id},
 * so the rare repeat (the ack came but remembering the callout failed, and Zuora sent it again) is dropped
 * by consumers; ordinary repeats are answered from {@code processed_callout} without publishing.
 */
@ApplicationScoped
public class CalloutService {

    public static final String CHANNEL = "zuora-events";
    private static final Logger LOG = Logger.getLogger(CalloutService.class);

    /** How a callout was taken. */
    public enum Outcome {
        /** Published and acknowledged by Kafka. */
        PUBLISHED,
        /** Seen before (same notification id): nothing to do. */
        DUPLICATE,
        /** Neither the order id nor the subscription is known yet: Zuora should send it again later. */
        NOT_CORRELATED
    }

    private final MutinyEmitter<byte[]> emitter;
    private final ProcessedCalloutRepository processed;
    private final ZuoraOrderRepository orders;
    private final Clock clock = Clock.systemUTC();

    public CalloutService(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, ProcessedCalloutRepository processed,
            ZuoraOrderRepository orders) {
        this.emitter = emitter;
        this.processed = processed;
        this.orders = orders;
    }

    public Uni<Outcome> receive(String notificationId, Callout callout) {
        return processed.seen(notificationId).flatMap(seen -> {
            if (seen) {
                LOG.debugf("callout %s already received; acknowledged again", notificationId);
                return Uni.createFrom().item(Outcome.DUPLICATE);
            }
            return correlate(callout).flatMap(orderId -> orderId.isEmpty()
                    ? Uni.createFrom().item(Outcome.NOT_CORRELATED)
                    : publish(notificationId, callout, orderId.get())
                            .call(() -> processed.remember(notificationId, orderId.get(), clock.instant()))
                            .replaceWith(Outcome.PUBLISHED));
        });
    }

    private Uni<Optional<UUID>> correlate(Callout callout) {
        return callout.orderId().isPresent() ? Uni.createFrom().item(callout.orderId())
                : orders.orderOfSubscription(callout.subscriptionNumber());
    }

    private Uni<Void> publish(String notificationId, Callout callout, UUID orderId) {
        var now = clock.instant();
        ZuoraCalloutReceived event = new ZuoraCalloutReceived(orderId, notificationId, callout.event(),
                callout.subscriptionNumber(), callout.accountNumber(), callout.status(), now);
        UUID eventId = UUID.nameUUIDFromBytes(("zuora-callout:" + notificationId).getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> record = EventRecords.record(eventId, EventSource.ZUORA_CONNECTOR, event, now);
        Message<byte[]> message = Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic()).withKey(record.key()).withHeaders(record.headers()).build());
        return emitter.sendMessage(message)
                .invoke(() -> LOG.infof("order %s: Zuora callout %s (%s, subscription %s) published", orderId,
                        notificationId, callout.event(), callout.subscriptionNumber()));
    }
}
