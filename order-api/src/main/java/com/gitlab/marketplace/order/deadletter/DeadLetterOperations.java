package com.gitlab.marketplace.order.deadletter;

import com.gitlab.marketplace.http.errors.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * What operators do with dead letters: list them per topic with the reason and every replay so far, and replay
 * one, several or all not replayed yet. A replay publishes the record unchanged to its original topic; every
 * consumer skips an event it processed before (by its CloudEvents id), so it takes effect once, in the service
 * that refused it, and repeating a replay is harmless. Each replay is logged and recorded with who and why.
 */
@ApplicationScoped
public class DeadLetterOperations {

    /** "Replay all" replays at most this many per call; the next call goes on with the rest. */
    public static final int MAX_REPLAYS_PER_CALL = 1000;
    private static final int SCAN_PAGE = 500;
    private static final Logger LOG = Logger.getLogger(DeadLetterOperations.class);

    private final DeadLetterTopics topics;
    private final DeadLetterReplayRepository replays;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();

    public DeadLetterOperations(DeadLetterTopics topics, DeadLetterReplayRepository replays, MeterRegistry registry) {
        this.topics = topics;
        this.replays = replays;
        this.registry = registry;
    }

    /** The dead letters now held per topic, in the platform's order. */
    public Uni<Map<String, Long>> counts() {
        return blocking(topics::counts);
    }

    /** Up to {@code limit} dead letters of these topics after {@code after}, each with its replays. */
    public Uni<List<DeadLetter>> list(List<String> deadLetterTopics, DeadLetterId after, int limit) {
        return blocking(() -> topics.read(deadLetterTopics, after, limit)).flatMap(this::withReplays);
    }

    /** Replays these dead letters, in the order given; 404 for the first that does not exist. */
    public Uni<List<DeadLetter>> replay(List<DeadLetterId> ids, String by, String reason) {
        return Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(id -> replayOne(id, by, reason))
                .collect().asList().flatMap(this::withReplays);
    }

    /**
     * Replays every dead letter of these topics never replayed before, up to {@link #MAX_REPLAYS_PER_CALL}: those
     * there when the call starts, so a replay that is refused again is not replayed again within the call.
     */
    public Uni<List<DeadLetter>> replayAll(List<String> deadLetterTopics, String by, String reason) {
        return blocking(() -> topics.ends(deadLetterTopics))
                .flatMap(ends -> replayPagesAfter(new ReplayAll(deadLetterTopics, ends, by, reason, new ArrayList<>()),
                        null))
                .flatMap(this::withReplays);
    }

    /** A replay of every dead letter in progress: what it covers, and what it replayed so far. */
    private record ReplayAll(List<String> topics, Map<TopicPartition, Long> ends, String by, String reason,
            List<DeadLetter> done) {

        int room() {
            return MAX_REPLAYS_PER_CALL - done.size();
        }
    }

    /** One scan page at a time: the records read for the page are the ones replayed, not read again each. */
    private Uni<List<DeadLetter>> replayPagesAfter(ReplayAll call, DeadLetterId after) {
        return blocking(() -> topics.records(call.topics(), after, SCAN_PAGE)).flatMap(records -> replayPage(call, records)
                .flatMap(replayed -> records.size() < SCAN_PAGE || call.room() <= 0 ? Uni.createFrom().item(call.done())
                        : replayPagesAfter(call, DeadLetterTopics.idOf(records.get(records.size() - 1)))));
    }

    private Uni<Void> replayPage(ReplayAll call, List<ConsumerRecord<String, byte[]>> records) {
        return withReplays(records.stream().map(record -> DeadLetterTopics.describe(DeadLetterTopics.idOf(record),
                        record)).toList())
                .map(page -> toReplay(call, records, page))
                .flatMap(pending -> Multi.createFrom().iterable(pending).onItem()
                        .transformToUniAndConcatenate(record -> replayOne(record, call.by(), call.reason()))
                        .collect().asList())
                .invoke(call.done()::addAll)
                .replaceWithVoid();
    }

    /** The page's records that were there when the call started and were never replayed, as many as there is room. */
    private static List<ConsumerRecord<String, byte[]>> toReplay(ReplayAll call,
            List<ConsumerRecord<String, byte[]>> records, List<DeadLetter> page) {
        List<ConsumerRecord<String, byte[]>> pending = new ArrayList<>();
        for (int i = 0; i < records.size() && pending.size() < call.room(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (page.get(i).replays().isEmpty() && record.offset() < call.ends().getOrDefault(partition, 0L)) {
                pending.add(record);
            }
        }
        return pending;
    }

    private Uni<DeadLetter> replayOne(DeadLetterId id, String by, String reason) {
        return blocking(() -> topics.find(id).orElseThrow(() -> ApiException.notFound("dead letter " + id)))
                .flatMap(record -> replayOne(record, by, reason));
    }

    private Uni<DeadLetter> replayOne(ConsumerRecord<String, byte[]> record, String by, String reason) {
        DeadLetterId id = DeadLetterTopics.idOf(record);
        return blocking(() -> {
            DeadLetter letter = DeadLetterTopics.describe(id, record);
            LOG.infof("replaying dead letter %s (%s %s, refused by %s: %s) to %s for %s: %s", id, letter.eventType(),
                    letter.eventId(), letter.consumer(), letter.reason(), letter.originalTopic(), by, reason);
            topics.republish(id, record);
            return letter;
        }).call(letter -> replays.record(id, letter.eventId(), by, reason, clock.instant()))
                .invoke(letter -> Counter.builder("marketplace_dead_letters_replayed_total")
                        .description("Dead letters an operator published again to their original topic")
                        .tag("topic", id.topic()).register(registry).increment());
    }

    private Uni<List<DeadLetter>> withReplays(List<DeadLetter> letters) {
        List<DeadLetterId> ids = letters.stream().map(letter -> DeadLetterId.parse(letter.id()).orElseThrow())
                .toList();
        return replays.of(ids).map(found -> {
            List<DeadLetter> described = new ArrayList<>();
            for (int i = 0; i < letters.size(); i++) {
                described.add(letters.get(i).withReplays(found.getOrDefault(ids.get(i), List.of())));
            }
            return described;
        });
    }

    /** Kafka's client blocks: off the event loop, and a Kafka failure is a 503 the operator can act on. */
    private static <T> Uni<T> blocking(Supplier<T> call) {
        return Uni.createFrom().item(() -> {
            try {
                return call.get();
            } catch (KafkaException e) {
                LOG.warn("Kafka refused or did not answer an operator's dead-letter request", e);
                throw DeadLetterTopics.unavailable("Kafka did not answer: " + e.getClass().getSimpleName()
                        + "; ask again");
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
