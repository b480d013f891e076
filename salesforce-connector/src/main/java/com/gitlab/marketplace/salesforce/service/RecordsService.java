package com.gitlab.marketplace.salesforce.service;

import com.gitlab.marketplace.events.FailureSource;
import com.gitlab.marketplace.events.order.OrderLine;
import com.gitlab.marketplace.events.order.OrderPlaced;
import com.gitlab.marketplace.events.salesforce.SalesforceRecordsCreated;
import com.gitlab.marketplace.events.salesforce.SalesforceSyncFailed;
import com.gitlab.marketplace.outbox.relay.OutboxWriter;
import com.gitlab.marketplace.salesforce.client.SalesforceApi;
import com.gitlab.marketplace.salesforce.client.SalesforceFailure;
import com.gitlab.marketplace.salesforce.config.SalesforceConnectorConfig;
import com.gitlab.marketplace.salesforce.repository.SalesforceOrderRepository;
import com.gitlab.marketplace.salesforce.repository.SalesforceOrderRepository.Synced;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Makes an order's Salesforce records in one all-or-none composite request of upserts, after checking what
 * Salesforce must already have (the trading partner as a trading-partner account, a price book entry per
 * product), and stamps the Zuora subscription number on the opportunity whichever of the two events comes
 * first: each side records its own fact, then looks for the other's (so one of them always sees both).
 * Results and their events commit in one transaction (outbox).
 */
@ApplicationScoped
public class RecordsService {

    private static final Logger LOG = Logger.getLogger(RecordsService.class);

    private final SalesforceApi salesforce;
    private final SalesforceOrderRepository orders;
    private final Pool pool;
    private final SalesforceConnectorConfig.Salesforce config;
    private final Clock clock = Clock.systemUTC();
    private final Uni<Map<String, String>> accountRecordTypes;
    private final Uni<String> standardPricebook;

    public RecordsService(SalesforceApi salesforce, SalesforceOrderRepository orders, Pool pool,
            SalesforceConnectorConfig config) {
        this.salesforce = salesforce;
        this.orders = orders;
        this.pool = pool;
        this.config = config.salesforce();
        // Org metadata that does not change while we run: fetched once, again only after a failed fetch.
        this.accountRecordTypes = cachedUntilFailure(Uni.createFrom().deferred(() -> salesforce.query(
                        "SELECT Id, DeveloperName FROM RecordType WHERE SobjectType = 'Account'"))
                .map(rows -> rows.stream().collect(Collectors.toUnmodifiableMap(
                        r -> r.getString("DeveloperName"), r -> r.getString("Id")))));
        this.standardPricebook = cachedUntilFailure(Uni.createFrom().deferred(() -> salesforce.query(
                        "SELECT Id FROM Pricebook2 WHERE IsStandard = true LIMIT 1"))
                .map(rows -> rows.isEmpty() ? null : rows.get(0).getString("Id")));
    }

    /** The records for {@code attempt} of the order (0: as placed; n: the n-th operator retry). */
    public Uni<Void> sync(OrderPlaced order, int attempt) {
        UUID orderId = order.orderId();
        return orders.synced(orderId).flatMap(synced -> {
            if (synced.isPresent()) {
                LOG.debugf("order %s already has its Salesforce records; nothing to do", orderId);
                return Uni.createFrom().voidItem();
            }
            return orders.failed(orderId, attempt).flatMap(failed -> failed ? Uni.createFrom().voidItem()
                    : createRecords(order, attempt)
                            .onFailure(SalesforceFailure.class)
                            .recoverWithUni(e -> recordFailed(orderId, attempt, (SalesforceFailure) e)));
        });
    }

    /** Zuora created the subscription: remember the number, and stamp it if the opportunity exists. */
    public Uni<Void> subscriptionCreated(UUID orderId, String subscriptionNumber) {
        return orders.rememberSubscription(orderId, subscriptionNumber, clock.instant())
                .flatMap(remembered -> orders.synced(orderId))
                .flatMap(synced -> synced.isEmpty() ? Uni.createFrom().voidItem()
                        : stamp(orderId, subscriptionNumber));
    }

    private Uni<Void> createRecords(OrderPlaced order, int attempt) {
        return tradingPartnerChecked(order)
                .flatMap(checked -> Uni.combine().all().unis(accountRecordTypes, standardPricebook,
                        pricebookEntries(order), orders.subscriptionNumber(order.orderId())).asTuple())
                .flatMap(found -> {
                    String customerType = found.getItem1().get("Customer");
                    if (customerType == null || found.getItem2() == null) {
                        throw new SalesforceFailure.Rejected("ORG_NOT_SET_UP", "the Salesforce org lacks the Account "
                                + "record type 'Customer' or a standard price book");
                    }
                    Optional<String> subscription = found.getItem4();
                    return salesforce.compositeAllOrNone(OrderRecords.upserts(config.apiVersion(), order, customerType,
                                    found.getItem2(), found.getItem3(), subscription.orElse(null),
                                    config.opportunityStage()))
                            .map(results -> new Synced(id(results, "account"), id(results, "contact"),
                                    id(results, "opportunity")))
                            .flatMap(records -> recordSynced(order.orderId(), attempt, records, subscription.orElse(null)))
                            .flatMap(done -> subscription.isPresent() ? Uni.createFrom().voidItem()
                                    : orders.subscriptionNumber(order.orderId()).flatMap(late -> late.isEmpty()
                                            ? Uni.createFrom().voidItem() : stamp(order.orderId(), late.get())));
                });
    }

    /** The order's trading partner must exist in Salesforce as a trading-partner account. */
    private Uni<Void> tradingPartnerChecked(OrderPlaced order) {
        return Uni.combine().all().unis(accountRecordTypes, salesforce.query("SELECT Id, RecordTypeId FROM Account "
                        + "WHERE Id = '" + soqlText(order.tradingPartnerId()) + "'")).asTuple()
                .map(found -> {
                    String tradingPartnerType = found.getItem1().get("Trading_Partner");
                    boolean isTradingPartner = found.getItem2().stream()
                            .anyMatch(a -> tradingPartnerType != null && tradingPartnerType.equals(a.getString("RecordTypeId")));
                    if (!isTradingPartner) {
                        throw new SalesforceFailure.Rejected("TRADING_PARTNER_NOT_FOUND", "trading partner '"
                                + order.tradingPartnerId() + "' is not a trading-partner account in Salesforce");
                    }
                    return null;
                });
    }

    /** The standard price book entry of each line's product, in line order. */
    private Uni<List<String>> pricebookEntries(OrderPlaced order) {
        List<Uni<String>> entries = new ArrayList<>();
        for (OrderLine line : order.orderLines()) {
            entries.add(standardPricebook.flatMap(pricebook -> salesforce.query("SELECT Id FROM PricebookEntry "
                            + "WHERE ProductCode = '" + soqlText(line.salesforceProductCode()) + "' AND Pricebook2Id = '"
                            + soqlText(String.valueOf(pricebook)) + "' AND IsActive = true LIMIT 1"))
                    .map(rows -> {
                        if (rows.isEmpty()) {
                            throw new SalesforceFailure.Rejected("PRODUCT_NOT_IN_PRICEBOOK", "product '"
                                    + line.salesforceProductCode() + "' has no active entry in the standard price book");
                        }
                        return rows.get(0).getString("Id");
                    }));
        }
        return Uni.join().all(entries).andFailFast();
    }

    private Uni<Void> stamp(UUID orderId, String subscriptionNumber) {
        return salesforce.compositeAllOrNone(OrderRecords.stamp(config.apiVersion(), orderId, subscriptionNumber))
                .invoke(() -> LOG.infof("order %s: Zuora subscription %s stamped on the opportunity", orderId,
                        subscriptionNumber))
                .replaceWithVoid();
    }

    private Uni<Void> recordSynced(UUID orderId, int attempt, Synced records, String subscriptionNumber) {
        var now = clock.instant();
        return pool.withTransaction(tx -> orders.markSynced(tx, orderId, attempt, records, now)
                        .call(() -> OutboxWriter.append(tx, new SalesforceRecordsCreated(orderId, records.accountId(),
                                records.contactId(), records.opportunityId(), subscriptionNumber, now), now)))
                .invoke(() -> LOG.infof("order %s: Salesforce account %s, contact %s, opportunity %s", orderId,
                        records.accountId(), records.contactId(), records.opportunityId()));
    }

    private Uni<Void> recordFailed(UUID orderId, int attempt, SalesforceFailure failure) {
        boolean retryable = failure instanceof SalesforceFailure.Transient;
        var now = clock.instant();
        return pool.withTransaction(tx -> orders.markFailed(tx, orderId, attempt, failure.code(), failure.getMessage(),
                        retryable, now)
                .call(() -> OutboxWriter.append(tx, new SalesforceSyncFailed(orderId, attempt, retryable,
                        FailureSource.SALESFORCE, failure.code(), failure.getMessage(), now), now)))
                .invoke(() -> LOG.warnf("order %s attempt %d: Salesforce %s: %s %s", orderId, attempt,
                        retryable ? "kept failing (retries exhausted)" : "refused the records", failure.code(),
                        failure.getMessage()));
    }

    private static String id(List<JsonObject> results, String referenceId) {
        return results.stream().filter(r -> referenceId.equals(r.getString("referenceId"))).findFirst()
                .map(r -> r.getJsonObject("body").getString("id")).orElseThrow();
    }

    private static <T> Uni<T> cachedUntilFailure(Uni<T> fetch) {
        AtomicBoolean stale = new AtomicBoolean(true);
        return fetch.onFailure().invoke(e -> stale.set(true)).memoize().until(() -> stale.getAndSet(false));
    }

    /** A value inside a SOQL string literal: backslashes and quotes escaped. */
    private static String soqlText(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }
}
