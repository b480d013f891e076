package com.gitlab.marketplace.order.service;

import com.gitlab.marketplace.events.order.Address;
import com.gitlab.marketplace.events.order.Contact;
import com.gitlab.marketplace.events.order.Customer;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.http.errors.ApiException;
import com.gitlab.marketplace.order.catalog.Product;
import com.gitlab.marketplace.order.config.OrderApiConfig;
import com.gitlab.marketplace.order.metrics.OrderMetrics;
import com.gitlab.marketplace.order.partner.PartnerAccount;
import com.gitlab.marketplace.order.partner.PartnerReplica;
import com.gitlab.marketplace.order.status.LiveSubscription;
import com.gitlab.marketplace.order.status.OrderQuery;
import com.gitlab.marketplace.order.status.OrderStatus;
import com.gitlab.marketplace.order.status.OrderStatusRecord;
import com.gitlab.marketplace.order.status.OrderStatusRepository;
import com.gitlab.marketplace.order.webhook.WebhookEvents;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Accepts partners' orders (operators' actions are {@link OrderOperations}). An order, its status row and its OrderPlaced outbox
 * row commit in one transaction, so an accepted order is never lost and never announced twice.
 */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class);

    private final Pool pool;
    private final OrderValidator validator;
    private final PartnerReplica partners;
    private final OrderRepository orders;
    private final OrderStatusRepository statuses;
    private final StatusWaiter waiter;
    private final OrderApiConfig config;
    private final OrderMetrics metrics;
    private final WebhookEvents webhooks;
    private final Clock clock = Clock.systemUTC();

    public OrderService(Pool pool, OrderValidator validator, PartnerReplica partners, OrderRepository orders,
            OrderStatusRepository statuses, StatusWaiter waiter, OrderApiConfig config, OrderMetrics metrics,
            WebhookEvents webhooks) {
        this.webhooks = webhooks;
        this.pool = pool;
        this.validator = validator;
        this.partners = partners;
        this.orders = orders;
        this.statuses = statuses;
        this.waiter = waiter;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Places an order, or answers a replay of one.
     *
     * @param respondAsync true to answer at once (202) instead of waiting for the Zuora subscription
     * @throws ApiException 422 for invalid fields or a trading partner not permitted, 403 for a partner
     *                      order-api does not know (yet) or that is disabled, 409 for a reused external id
     */
    public Uni<Placement> place(String partnerId, SubscriptionRequest request, boolean respondAsync) {
        List<Product> products = validator.validate(request);
        return partners.find(partnerId).flatMap(found -> {
            PartnerAccount partner = found.filter(PartnerAccount::enabled)
                    .orElseThrow(() -> PartnerAccount.notEnabled(partnerId));
            if (!partner.permits(request.tradingPartnerId())) {
                throw new ApiException(422, "trading_partner_not_permitted", "tradingPartnerId '"
                        + request.tradingPartnerId() + "' is not on the permitted list of partner '" + partnerId + "'");
            }
            byte[] fingerprint = RequestFingerprint.of(request);
            OrderPlaced order = orderPlaced(partner, request, products, clock.instant());
            return pool.withTransaction(tx -> orders.insert(tx, order, fingerprint)
                            .flatMap(inserted -> inserted ? created(tx, order) : Uni.createFrom().<Created>nullItem()))
                    .invoke(created -> {
                        if (created != null && created.webhookRecorded()) {
                            webhooks.wake();
                        }
                    })
                    .flatMap(created -> created != null ? accepted(order, created.status(), respondAsync)
                            : replay(partnerId, request.externalSubscriptionId(), fingerprint));
        });
    }

    /** A new order's status row, as its INSERT returned it, and whether its first webhook event was recorded. */
    private record Created(OrderStatusRecord status, boolean webhookRecorded) {
    }

    /** The rest of a new order's transaction: its status, its OrderPlaced event, its first webhook event. */
    private Uni<Created> created(SqlClient tx, OrderPlaced order) {
        return statuses.insertCreating(tx, order.orderId(), order.partnerId(), order.externalSubscriptionId(),
                        order.orderLines().stream().map(line -> new LiveSubscription.Line(line.productId(),
                                line.quantity())).toList(), order.occurredAt())
                .call(() -> OutboxWriter.append(tx, order, order.occurredAt()))
                .flatMap(status -> webhooks.subscriptionUpdated(tx, null, status, order.occurredAt())
                        .map(recorded -> new Created(status, recorded)));
    }

    /** @throws ApiException 404 for an order the partner does not have */
    public Uni<OrderStatusRecord> status(String partnerId, String externalSubscriptionId) {
        return statuses.find(partnerId, externalSubscriptionId).map(found -> found.orElseThrow(() ->
                new ApiException(404, "not_found", "no subscription with externalSubscriptionId '"
                        + externalSubscriptionId + "'")));
    }

    /**
     * A page of one partner's orders. A query without a partner would list every partner's orders (the operators'
     * list, {@link OrderOperations#list}); here it is a programming error, refused before the database is asked.
     */
    public Uni<List<OrderStatusRecord>> listOfPartner(OrderQuery query) {
        if (query.partnerId() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("a partner's list needs the partner's id"));
        }
        return statuses.page(query);
    }

    /** {@code created}: the row as the order's transaction wrote it, the answer when the caller does not wait. */
    private Uni<Placement> accepted(OrderPlaced order, OrderStatusRecord created, boolean respondAsync) {
        metrics.accepted();
        LOG.infof("order %s accepted for partner %s (external id %s)", order.orderId(), order.partnerId(),
                order.externalSubscriptionId());
        Uni<OrderStatusRecord> status = respondAsync ? Uni.createFrom().item(created)
                : waiter.awaitSubscription(order.orderId(), config.createWait());
        return status.map(current -> new Placement(failed(current) ? Placement.Outcome.FAILED
                : current.facts().subscriptionNumber() != null ? Placement.Outcome.BILLED : Placement.Outcome.ACCEPTED,
                current));
    }

    private Uni<Placement> replay(String partnerId, String externalSubscriptionId, byte[] fingerprint) {
        return orders.requestHash(partnerId, externalSubscriptionId).flatMap(existing -> {
            if (existing.isEmpty() || !MessageDigest.isEqual(existing.get(), fingerprint)) {
                throw new ApiException(409, "duplicate_external_subscription_id", "externalSubscriptionId '"
                        + externalSubscriptionId + "' is already used by an order with a different body");
            }
            return status(partnerId, externalSubscriptionId)
                    .map(current -> new Placement(failed(current) ? Placement.Outcome.FAILED : Placement.Outcome.REPLAYED,
                            current));
        });
    }

    private OrderPlaced orderPlaced(PartnerAccount partner, SubscriptionRequest request, List<Product> products,
            Instant now) {
        SubscriptionRequest.Customer customer = request.customer();
        SubscriptionRequest.Contact contact = customer.contact();
        SubscriptionRequest.Address address = customer.address();
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < products.size(); i++) {
            lines.add(products.get(i).orderLine(request.orderLines().get(i).quantity().intValueExact()));
        }
        return new OrderPlaced(UUID.randomUUID(), partner.partnerId(), request.externalSubscriptionId(),
                request.tradingPartnerId(), partner.zuoraInvoiceOwnerAccountNumber(),
                partner.salesforceDistributorAccountId(),
                new Customer(customer.companyName(),
                        new Contact(contact.firstName(), contact.lastName(), contact.email(), contact.phone()),
                        new Address(address.address1(), address.address2(), address.city(), address.state(),
                                address.postalCode(), CountryCodes.alpha2(address.country()).orElseThrow())),
                lines, now);
    }

    /** A failed order is answered as an error, so a client checking only the status code cannot miss it. */
    private static boolean failed(OrderStatusRecord order) {
        return order.status() == OrderStatus.Failed;
    }

    /** What became of a placement; the resource answers each with its status code (API.md §2.3). */
    public record Placement(Outcome outcome, OrderStatusRecord order) {

        public enum Outcome {
            /** New, and Zuora has not answered within the wait (or the caller did not wait): still Creating. */
            ACCEPTED,
            /** New, and Zuora has the subscription. */
            BILLED,
            /** The same request again: the order as it is now. */
            REPLAYED,
            /** The order failed, within the wait or before a replay: the caller must not miss it. */
            FAILED
        }
    }
}
