package com.gitlab.marketplace.event.consumer;

import com.gitlab.marketplace.events.EventRecords;
import com.gitlab.marketplace.events.MalformedEventException;
import com.gitlab.marketplace.events.ReceivedEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * How every consumer of the platform treats a batch of records. Records that break the event contract
 * (including a missing required field) go to their topic's DLQ with the reason. The rest are handed to the
 * service in one call, which records their effect in one transaction. A transient failure (the database
 * unreachable or restarting, a serialization conflict, a timeout) retries the batch with backoff, holding
 * the partitions, so nothing is skipped. Any other failure is narrowed down: the batch's events are handled
 * one at a time, and the one that fails the same way on every try goes to the DLQ, so one bad event cannot
 * stop the others.
 */
@ApplicationScoped
public class EventHandling {

    private static final Logger LOG = Logger.getLogger(EventHandling.class);

    private final DeadLetters deadLetters;

    public EventHandling(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** What a service records for one event seen for the first time, inside the batch's transaction. */
    @FunctionalInterface
    public interface Intake {
        Uni<Void> apply(SqlClient tx, ReceivedEvent event, Instant now);
    }

    /**
     * The consumer of a service whose work runs as durable steps: in one transaction, the batch's events seen
     * for the first time (by {@code ce_id}) are handed to {@code intake} in order; once it commits,
     * {@code afterCommit} runs (waking the workers), and the batch may be acknowledged. Never waits on an
     * upstream.
     */
    public Uni<Void> recordFirstDeliveries(Iterable<ConsumerRecord<String, byte[]>> records, Pool pool,
            Intake intake, Runnable afterCommit) {
        return handleBatch(records, events -> {
            Instant now = Instant.now();
            return pool.withTransaction(tx -> ProcessedEvents.firstDeliveries(tx, events)
                            .flatMap(fresh -> Multi.createFrom().iterable(fresh)
                                    .onItem().transformToUniAndConcatenate(event -> intake.apply(tx, event, now))
                                    .collect().last()))
                    .invoke(afterCommit)
                    .replaceWithVoid();
        });
    }

    /** Handles a batch; the returned Uni completes once every record's effect committed or it was dead-lettered. */
    public Uni<Void> handleBatch(Iterable<ConsumerRecord<String, byte[]>> records,
            Function<List<ReceivedEvent>, Uni<Void>> handler) {
        List<Received> readable = new ArrayList<>();
        List<Uni<Void>> poison = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                readable.add(new Received(record, EventRecords.read(record)));
            } catch (MalformedEventException e) {
                poison.add(deadLetters.send(record, e.getMessage()));
            }
        }
        Uni<Void> deadLettered = poison.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(poison).andFailFast().replaceWithVoid();
        return deadLettered.flatMap(sent -> readable.isEmpty() ? Uni.createFrom().voidItem()
                : handleAll(readable, handler));
    }

    private Uni<Void> handleAll(List<Received> batch, Function<List<ReceivedEvent>, Uni<Void>> handler) {
        List<ReceivedEvent> events = batch.stream().map(Received::event).toList();
        return retryingTransientFailures(() -> handler.apply(events), batch.size() == 1
                        ? describe(batch.get(0).event()) : "a batch of " + batch.size() + " events")
                .onFailure().recoverWithUni(failure -> batch.size() == 1
                        ? deadLetters.send(batch.get(0).record(), "handling " + batch.get(0).event().type().ceType()
                                + " failed the same way on every try: " + failure)
                        : oneByOne(batch, handler, failure));
    }

    /** A batch failed for a reason that is not the moment's: find the event that causes it. */
    private Uni<Void> oneByOne(List<Received> batch, Function<List<ReceivedEvent>, Uni<Void>> handler,
            Throwable failure) {
        LOG.warnf("a batch of %d events failed (%s); handling them one at a time", batch.size(), failure.toString());
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUniAndConcatenate(single -> handleAll(List.of(single), handler))
                .collect().last().replaceWithVoid();
    }

    private static Uni<Void> retryingTransientFailures(Supplier<Uni<? extends Void>> work, String what) {
        return Uni.createFrom().<Void>deferred(work)
                .onFailure(TransientFailures::isTransient).invoke(e -> LOG.warnf("handling %s failed, will retry: %s",
                        what, e.getMessage()))
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }

    private static String describe(ReceivedEvent event) {
        return event.type() + " " + event.attributes().id();
    }

    private record Received(ConsumerRecord<String, byte[]> record, ReceivedEvent event) {
    }
}
