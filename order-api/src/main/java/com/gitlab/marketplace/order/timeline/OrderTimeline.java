package com.gitlab.marketplace.order.timeline;

import com.gitlab.marketplace.order.change.ChangeRepository;
import com.gitlab.marketplace.order.change.SubscriptionChange;
import com.gitlab.marketplace.order.service.OperatorAction;
import com.gitlab.marketplace.order.status.OrderStatusRecord;
import com.gitlab.marketplace.order.webhook.WebhookDelivery;
import com.gitlab.marketplace.order.webhook.WebhookRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An order as operators follow it across services: when it was placed, every event of the other services about
 * it (order-api's own log of what it consumed), every change a partner asked for, every operator action, every
 * webhook event for the partner and where its delivery stands, every try of every step in the services that call
 * Zuora, Salesforce and SMTP, and what it waits for now and until when.
 */
@ApplicationScoped
public class OrderTimeline {

    private final OrderEventLog events;
    private final StepServicesClient stepServices;
    private final ChangeRepository changes;
    private final WebhookRepository webhooks;

    public OrderTimeline(OrderEventLog events, StepServicesClient stepServices, ChangeRepository changes,
            WebhookRepository webhooks) {
        this.webhooks = webhooks;
        this.events = events;
        this.stepServices = stepServices;
        this.changes = changes;
    }

    /** The timeline, oldest first, the steps of each service, what is awaited now, and who could not answer. */
    public record View(List<TimelineEntry> timeline, List<StepView> steps, List<StepView> waitingNow,
            List<Unreachable> unreachable) {
    }

    public Uni<View> of(OrderStatusRecord order, List<OperatorAction> actions, String authorization) {
        UUID orderId = order.orderId();
        return Uni.combine().all().unis(events.ofOrder(orderId), stepServices.stepsOf(orderId, authorization),
                        changes.ofOrder(orderId), webhooks.ofOrder(orderId))
                .with((logged, answers, changeList, deliveries) -> {
                    List<TimelineEntry> timeline = new ArrayList<>();
                    timeline.add(new TimelineEntry(order.createdAt(), "order-api", "order", "placed", "ok", null,
                            "external id " + order.externalSubscriptionId()));
                    changeList.forEach(change -> timeline.add(entry(change)));
                    deliveries.forEach(delivery -> timeline.add(entry(delivery)));
                    actions.forEach(action -> timeline.add(entry(action)));
                    logged.forEach(event -> timeline.add(entry(event)));
                    List<StepView> steps = new ArrayList<>();
                    List<Unreachable> unreachable = new ArrayList<>();
                    for (StepServicesClient.Answer answer : answers) {
                        if (answer.unreachable() != null) {
                            unreachable.add(answer.unreachable());
                        } else {
                            addSteps(answer.report(), steps, timeline);
                        }
                    }
                    timeline.sort(Comparator.comparing(TimelineEntry::at));
                    List<StepView> waiting = steps.stream().filter(step -> "pending".equals(step.state())
                            || "stuck".equals(step.state())).toList();
                    return new View(timeline, steps, waiting, unreachable);
                });
    }

    private static TimelineEntry entry(SubscriptionChange change) {
        return new TimelineEntry(change.createdAt(), "order-api", "change", change.action(),
                change.status().name().toLowerCase(Locale.ROOT), null, "external change id "
                + change.externalChangeId() + ", lines " + change.orderLines().stream()
                .map(line -> line.productId() + " x" + line.quantity()).toList());
    }

    private static TimelineEntry entry(WebhookDelivery delivery) {
        return new TimelineEntry(delivery.createdAt(), "order-api", "webhook", delivery.type(),
                delivery.state().name(), null, "webhook-id " + delivery.deliveryId() + ", " + delivery.attempts()
                + " attempts" + (delivery.lastStatusCode() == null ? "" : ", last answer " + delivery.lastStatusCode())
                + (delivery.lastError() == null ? "" : ", last error: " + delivery.lastError()));
    }

    private static TimelineEntry entry(OperatorAction action) {
        return new TimelineEntry(action.requestedAt(), "order-api", "operator", action.action(), "ok", null,
                action.requestedBy() + (action.reason() == null ? "" : ": " + action.reason()));
    }

    private static TimelineEntry entry(OrderEventLog.LoggedEvent event) {
        return new TimelineEntry(event.occurredAt(), serviceOf(event.source()), "event", event.type(),
                event.outcome(), null, event.detail());
    }

    /** A service's steps of the order, and each of their tries as an entry of the timeline. */
    private static void addSteps(StepView.ServiceReport report, List<StepView> steps, List<TimelineEntry> timeline) {
        String service = report.service();
        for (StepView.Reported step : nonNull(report.steps())) {
            steps.add(step.view(service));
            nonNull(step.history()).forEach(tried -> timeline.add(new TimelineEntry(tried.startedAt(), service, "try",
                    step.kind(), tried.outcome(), tried.durationMs(), tried.detail())));
        }
    }

    /** A list a service left out of its answer reads as empty, not as a 500 here. */
    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** {@code /marketplace/zuora-connector} (an event's CloudEvents source) → {@code zuora-connector}. */
    static String serviceOf(String source) {
        return source == null ? "unknown" : source.substring(source.lastIndexOf('/') + 1);
    }
}
