package com.gitlab.marketplace.order.change;

import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.order.SubscriptionChangeRequested;
import com.gitlab.marketplace.http.errors.ApiError.FieldError;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.http.errors.ValidationFailedException;
import com.gitlab.marketplace.order.catalog.Product;
import com.gitlab.marketplace.order.catalog.ProductCatalog;
import com.gitlab.marketplace.order.service.OrderRepository;
import com.gitlab.marketplace.order.service.RequestFingerprint;
import com.gitlab.marketplace.order.service.SubscriptionRequest;
import com.gitlab.marketplace.order.status.LiveSubscription;
import com.gitlab.marketplace.order.status.OrderStatus;
import com.gitlab.marketplace.order.status.OrderStatusRecord;
import com.gitlab.marketplace.order.status.OrderStatusRepository;
import com.gitlab.marketplace.order.webhook.WebhookEvents;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Partners' changes to their live subscriptions (API.md §2.6): checked against the subscription as it is, one at a
 * time per subscription (the order's row is locked while a change is decided), idempotent by
 * {@code externalChangeId}, and handed to the connectors through the outbox ({@link SubscriptionChangeRequested}).
 */
@ApplicationScoped
public class ChangeService {

    private static final Logger LOG = Logger.getLogger(ChangeService.class);

    private final Pool pool;
    private final ChangeRepository changes;
    private final OrderStatusRepository statuses;
    private final OrderRepository orders;
    private final ProductCatalog catalog;
    private final Validator validator;
    private final WebhookEvents webhooks;
    private final Clock clock = Clock.systemUTC();

    public ChangeService(Pool pool, ChangeRepository changes, OrderStatusRepository statuses, OrderRepository orders,
            ProductCatalog catalog, Validator validator, WebhookEvents webhooks) {
        this.webhooks = webhooks;
        this.pool = pool;
        this.changes = changes;
        this.statuses = statuses;
        this.orders = orders;
        this.catalog = catalog;
        this.validator = validator;
    }

    /** A change accepted now ({@code created}) or an earlier one with the same id and body. */
    public record Placement(SubscriptionChange change, boolean created) {
    }

    /**
     * @throws ApiException 422 for invalid fields or a quantity decrease mid-term, 404 for an order the partner
     *                      does not have, 409 for a reused change id with another body, a subscription not
     *                      Provisioned or cancelled, a change already pending, or a second renewal in a term
     */
    public Uni<Placement> request(String partnerId, String externalSubscriptionId, ChangeRequest request) {
        Map<String, Product> products = catalog.snapshot();
        List<Product> named = validate(request, products);
        byte[] fingerprint = RequestFingerprint.of(request);
        // As the column keeps it, so the answer now and every later read show the same time.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return pool.withTransaction(tx -> statuses.lock(tx, partnerId, externalSubscriptionId).flatMap(found -> {
            OrderStatusRecord order = found.orElseThrow(() -> new ApiException(404, "not_found",
                    "no subscription with externalSubscriptionId '" + externalSubscriptionId + "'"));
            return changes.find(tx, order.orderId(), request.externalChangeId()).flatMap(existing -> {
                if (existing.isPresent()) {
                    return Uni.createFrom().item(replay(existing.get(), fingerprint, request.externalChangeId()));
                }
                return changes.pending(tx, order.orderId()).flatMap(pending -> {
                    checkRules(order, request, pending.orElse(null), now);
                    List<OrderLine> lines = linesAfter(order.subscription(), request, named, products);
                    return accept(tx, order, request, lines, fingerprint, now);
                });
            });
        })).invoke(placement -> {
            if (placement.created()) {
                webhooks.wake();
            }
        });
    }

    /** @throws ApiException 404 for an order or change the partner does not have */
    public Uni<SubscriptionChange> find(String partnerId, String externalSubscriptionId, String externalChangeId) {
        return order(partnerId, externalSubscriptionId).flatMap(order -> changes.find(pool, order.orderId(),
                        externalChangeId))
                .map(found -> found.map(ChangeRepository.Stored::change).orElseThrow(() -> new ApiException(404,
                        "not_found", "no change with externalChangeId '" + externalChangeId + "' on subscription '"
                        + externalSubscriptionId + "'")));
    }

    /** @throws ApiException 404 for an order the partner does not have */
    public Uni<List<SubscriptionChange>> list(String partnerId, String externalSubscriptionId) {
        return order(partnerId, externalSubscriptionId).flatMap(order -> changes.ofOrder(order.orderId()));
    }

    private Uni<OrderStatusRecord> order(String partnerId, String externalSubscriptionId) {
        return statuses.find(partnerId, externalSubscriptionId).map(found -> found.orElseThrow(() ->
                new ApiException(404, "not_found", "no subscription with externalSubscriptionId '"
                        + externalSubscriptionId + "'")));
    }

    private static Placement replay(ChangeRepository.Stored existing, byte[] fingerprint, String externalChangeId) {
        if (!MessageDigest.isEqual(existing.requestHash(), fingerprint)) {
            throw new ApiException(409, "duplicate_external_change_id", "externalChangeId '" + externalChangeId
                    + "' is already used by a change with a different body");
        }
        return new Placement(existing.change(), false);
    }

    /** The field rules, the action's rules for its lines, and the catalog; every violation at once. */
    private List<Product> validate(ChangeRequest request, Map<String, Product> products) {
        if (request == null) {
            throw new ApiException(400, "malformed_request", "a JSON body is required");
        }
        List<FieldError> errors = new ArrayList<>(ValidationFailedException.fieldErrors(validator.validate(request)));
        String action = request.action();
        if (action != null && !action.isBlank() && !SubscriptionChangeRequested.ACTIONS.contains(action)) {
            errors.add(new FieldError("action", "must be one of updateQuantity, renew, cancel"));
        }
        List<SubscriptionRequest.OrderLine> lines = request.orderLines();
        if (SubscriptionChangeRequested.UPDATE_QUANTITY.equals(action) && lines == null) {
            errors.add(new FieldError("orderLines", "is required for updateQuantity: the new total of each line"));
        }
        if (SubscriptionChangeRequested.CANCEL.equals(action) && lines != null) {
            errors.add(new FieldError("orderLines", "must be absent for cancel: a cancellation changes no line"));
        }
        List<Product> named = new ArrayList<>();
        for (int i = 0; lines != null && i < lines.size(); i++) {
            SubscriptionRequest.OrderLine line = lines.get(i);
            if (line == null || line.productId() == null || line.productId().isBlank()) {
                continue;
            }
            if (line.quantity() != null && line.quantity().stripTrailingZeros().scale() > 0) {
                errors.add(new FieldError("orderLines[" + i + "].quantity", "must be a whole number"));
            }
            Product product = products.get(line.productId());
            if (product == null) {
                errors.add(new FieldError("orderLines[" + i + "].productId", "unknown product '" + line.productId()
                        + "'"));
            } else if (named.contains(product)) {
                errors.add(new FieldError("orderLines[" + i + "].productId", "duplicate product '"
                        + line.productId() + "': name each line once with its new total"));
            } else {
                named.add(product);
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        return named;
    }

    /** The rules that need the subscription as it is now (API.md §2.6), in the order a partner fixes them. */
    private static void checkRules(OrderStatusRecord order, ChangeRequest request, SubscriptionChange pending,
            Instant now) {
        String ext = order.externalSubscriptionId();
        LiveSubscription live = order.subscription();
        if (order.status() != OrderStatus.Provisioned) {
            throw new ApiException(409, "subscription_not_active", "subscription '" + ext + "' is " + order.status()
                    + "; changes are taken once it is Provisioned");
        }
        if (live.cancelledAt() != null) {
            throw new ApiException(409, "subscription_cancelled", "subscription '" + ext + "' was cancelled at "
                    + live.cancelledAt() + "; it ends on " + live.termEndDate() + " and takes no more changes");
        }
        if (pending != null) {
            throw new ApiException(409, "change_in_progress", "change '" + pending.externalChangeId() + "' of "
                    + "subscription '" + ext + "' is still Pending; send this one once it is Completed or Failed");
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (SubscriptionChangeRequested.RENEW.equals(request.action()) && live.termStartDate() != null
                && live.termStartDate().isAfter(today)) {
            throw new ApiException(409, "already_renewed", "subscription '" + ext + "' is already renewed: its next "
                    + "term starts on " + live.termStartDate() + "; renew again in that term");
        }
        if (SubscriptionChangeRequested.UPDATE_QUANTITY.equals(request.action())) {
            List<FieldError> decreases = new ArrayList<>();
            Map<String, Integer> current = quantities(live.orderLines());
            for (int i = 0; i < request.orderLines().size(); i++) {
                SubscriptionRequest.OrderLine line = request.orderLines().get(i);
                Integer held = current.get(line.productId());
                if (held != null && line.quantity().intValueExact() < held) {
                    decreases.add(new FieldError("orderLines[" + i + "].quantity", "must be at least the current "
                            + held + " of '" + line.productId() + "': seats only go up during a term (lower them "
                            + "with renew)"));
                }
            }
            if (!decreases.isEmpty()) {
                throw new ApiException(422, "quantity_decrease_not_allowed", "a quantity below the current one is "
                        + "not allowed mid-term", decreases);
            }
        }
    }

    /**
     * Every line of the subscription after the change: the current lines with the named ones at their new totals,
     * then new add-ons in the order named. A change that would add a second base plan, or change nothing, is
     * refused.
     */
    private static List<OrderLine> linesAfter(LiveSubscription live, ChangeRequest request, List<Product> named,
            Map<String, Product> products) {
        Map<String, Integer> after = quantities(live.orderLines());
        List<FieldError> errors = new ArrayList<>();
        List<SubscriptionRequest.OrderLine> lines = request.orderLines() == null ? List.of() : request.orderLines();
        for (int i = 0; i < lines.size(); i++) {
            Product product = named.get(i);
            if (!after.containsKey(product.productId()) && !OrderLine.ADD_ON.equals(product.kind())) {
                errors.add(new FieldError("orderLines[" + i + "].productId", "'" + product.productId() + "' is a base "
                        + "plan the subscription does not have: a subscription keeps its plan (order another "
                        + "subscription for another plan)"));
            } else if (!after.containsKey(product.productId()) && !product.active()) {
                errors.add(new FieldError("orderLines[" + i + "].productId", "unknown product '"
                        + product.productId() + "'"));
            }
            after.put(product.productId(), lines.get(i).quantity().intValueExact());
        }
        if (SubscriptionChangeRequested.UPDATE_QUANTITY.equals(request.action())
                && after.equals(quantities(live.orderLines()))) {
            errors.add(new FieldError("orderLines", "changes no quantity: every line already has the total named"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        List<OrderLine> resolved = new ArrayList<>(after.size());
        after.forEach((productId, quantity) -> resolved.add(products.get(productId).orderLine(quantity)));
        return resolved;
    }

    private Uni<Placement> accept(SqlClient tx, OrderStatusRecord order, ChangeRequest request, List<OrderLine> lines,
            byte[] fingerprint, Instant now) {
        SubscriptionChange change = new SubscriptionChange(UUID.randomUUID(), order.orderId(),
                request.externalChangeId(), request.action(), lines.stream()
                .map(line -> new LiveSubscription.Line(line.productId(), line.quantity())).toList(),
                SubscriptionChange.Status.Pending, List.of(), now, now);
        return orders.placed(tx, order.orderId())
                .map(placed -> placed.orElseThrow(() -> new IllegalStateException("order row missing for "
                        + order.orderId())))
                .call(placed -> changes.insert(tx, change, fingerprint))
                .call(placed -> webhooks.changeUpdated(tx, order, change, now))
                .call(placed -> OutboxWriter.append(tx, requested(change, order, placed, lines), now))
                .invoke(placed -> LOG.infof("order %s: change %s (%s) accepted for partner %s", order.orderId(),
                        change.externalChangeId(), change.action(), order.partnerId()))
                .replaceWith(new Placement(change, true));
    }

    private static SubscriptionChangeRequested requested(SubscriptionChange change, OrderStatusRecord order,
            OrderPlaced placed, List<OrderLine> lines) {
        return new SubscriptionChangeRequested(change.changeId(), order.orderId(), order.partnerId(),
                order.externalSubscriptionId(), change.externalChangeId(), change.action(),
                order.facts().subscriptionNumber(), placed.zuoraInvoiceOwnerAccountNumber(), lines, change.createdAt());
    }

    private static Map<String, Integer> quantities(List<LiveSubscription.Line> lines) {
        Map<String, Integer> quantities = new LinkedHashMap<>();
        lines.forEach(line -> quantities.put(line.productId(), line.quantity()));
        return quantities;
    }
}
