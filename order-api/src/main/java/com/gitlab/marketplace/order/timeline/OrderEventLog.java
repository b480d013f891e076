package com.gitlab.marketplace.order.timeline;

import com.gitlab.marketplace.events.FailureEvent;
import com.gitlab.marketplace.events.ReceivedEvent;
import com.gitlab.marketplace.events.Topics;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChangeFailed;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionChanged;
import com.gitlab.marketplace.events.zuora.ZuoraSubscriptionCreated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The events about orders order-api consumed ({@code order_event}): the events part of an order's timeline. */
@ApplicationScoped
public class OrderEventLog {

    private static final int MAX_DETAIL = 500;

    private final Pool pool;

    public OrderEventLog(Pool pool) {
        this.pool = pool;
    }

    /** One logged event. */
    public record LoggedEvent(Instant occurredAt, String type, String source, String outcome, String detail) {
    }

    /**
     * Logs the order events among these first deliveries, in the caller's transaction: one statement for the
     * batch. Partner events and events without an order id as subject are not about an order.
     */
    public Uni<Void> log(SqlClient tx, List<ReceivedEvent> firstDeliveries, Instant now) {
        List<UUID> ids = new ArrayList<>();
        List<UUID> orders = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<OffsetDateTime> times = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (ReceivedEvent event : firstDeliveries) {
            UUID orderId = orderOf(event);
            if (orderId == null) {
                continue;
            }
            ids.add(event.attributes().id());
            orders.add(orderId);
            types.add(event.type().ceType());
            sources.add(event.attributes().source());
            Instant time = event.attributes().time() != null ? event.attributes().time() : now;
            times.add(time.atOffset(ZoneOffset.UTC));
            outcomes.add(event.payload() instanceof FailureEvent failure
                    ? failure.retryable() ? "retryable_failure" : "failure"
                    : event.payload() instanceof ZuoraSubscriptionChangeFailed refused
                    ? refused.retryable() ? "retryable_failure" : "failure" : "ok");
            details.add(detail(event));
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("INSERT INTO order_event (event_id, order_id, event_type, source, occurred_at, "
                        + "outcome, detail) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], "
                        + "$5::timestamptz[], $6::text[], $7::text[]) ON CONFLICT (event_id) DO NOTHING")
                .execute(Tuple.of(ids.toArray(UUID[]::new), orders.toArray(UUID[]::new), types.toArray(String[]::new),
                        sources.toArray(String[]::new)).addArrayOfOffsetDateTime(times.toArray(OffsetDateTime[]::new))
                        .addArrayOfString(outcomes.toArray(String[]::new))
                        .addArrayOfString(details.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** The order's events, oldest first. */
    public Uni<List<LoggedEvent>> ofOrder(UUID orderId) {
        return pool.preparedQuery("SELECT occurred_at, event_type, source, outcome, detail FROM order_event "
                        + "WHERE order_id = $1 ORDER BY occurred_at, event_id")
                .execute(Tuple.of(orderId))
                .map(rows -> {
                    List<LoggedEvent> events = new ArrayList<>();
                    rows.forEach(row -> events.add(new LoggedEvent(row.getOffsetDateTime("occurred_at").toInstant(),
                            row.getString("event_type"), row.getString("source"), row.getString("outcome"),
                            row.getString("detail"))));
                    return events;
                });
    }

    private static UUID orderOf(ReceivedEvent event) {
        if (Topics.PARTNER_EVENTS.equals(event.type().topic()) || event.attributes().subject() == null) {
            return null;
        }
        try {
            return UUID.fromString(event.attributes().subject());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String detail(ReceivedEvent event) {
        String detail = null;
        if (event.payload() instanceof FailureEvent failure) {
            detail = failure.source() + " " + failure.code() + ": " + failure.message() + " (attempt "
                    + failure.attempt() + ")";
        } else if (event.payload() instanceof ZuoraSubscriptionCreated created) {
            detail = "subscription " + created.subscriptionNumber();
        } else if (event.payload() instanceof ZuoraSubscriptionChanged changed) {
            detail = "change " + changed.changeId() + " (" + changed.action() + "): subscription "
                    + changed.subscriptionNumber() + " version " + changed.version() + ", term to "
                    + changed.termEndDate() + ", lines " + changed.orderLines().stream()
                    .map(line -> line.productId() + " x" + line.quantity()).toList();
        } else if (event.payload() instanceof ZuoraSubscriptionChangeFailed refused) {
            detail = "change " + refused.changeId() + " (" + refused.action() + "): zuora " + refused.code() + ": "
                    + refused.message();
        }
        return detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL) + "…";
    }
}
