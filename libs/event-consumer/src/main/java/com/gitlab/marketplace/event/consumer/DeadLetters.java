package com.gitlab.marketplace.event.consumer;

import com.gitlab.marketplace.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Sends a poison record, unchanged, to {@code <topic>.dlq} with the reason in headers; nothing is dropped. */
@ApplicationScoped
public class DeadLetters {

    /** The outgoing channel a consuming service configures (smallrye-kafka, byte[] values, acks=all). */
    public static final String CHANNEL = "dead-letters";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetters(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> send(ConsumerRecord<String, byte[]> record, String reason) {
        String topic = Topics.deadLetter(record.topic());
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dlq-reason", bytes(reason));
        headers.add("dlq-original-topic", bytes(record.topic()));
        headers.add("dlq-original-partition", bytes(String.valueOf(record.partition())));
        headers.add("dlq-original-offset", bytes(String.valueOf(record.offset())));
        LOG.errorf("poison record %s-%d@%d sent to %s: %s", record.topic(), record.partition(), record.offset(), topic,
                reason);
        Message<byte[]> message = Message.of(record.value() == null ? new byte[0] : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(topic).withKey(record.key()).withHeaders(headers).build());
        return emitter.sendMessage(message);
    }

    private static byte[] bytes(String value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }
}
